// Settings preset at download time. GET /extension.zip rewrites this file with the
// server's public URL; the unpacked extension from the repository leaves it empty.
export const PRESET = { serverUrl: "" };
