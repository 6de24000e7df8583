"""The industry lexicon: schema.org types and weighted keywords per category (English and German,
plus the clearest French, Spanish, Italian and Dutch terms)."""

from __future__ import annotations

INDUSTRIES = (
    "Software", "IT Services", "Marketing & Advertising", "Financial Services", "Healthcare",
    "Manufacturing", "Retail & E-commerce", "Education", "Nonprofit", "Legal", "Real Estate",
    "Media & Publishing", "Consulting", "Hospitality & Travel", "Energy",
    "Transportation & Logistics", "Telecommunications", "Construction", "Government", "Other",
)

# schema.org types are the organisation's own statement: strong evidence.
SCHEMA_TYPES = {
    "LegalService": "Legal", "Attorney": "Legal", "Notary": "Legal",
    "MedicalOrganization": "Healthcare", "Hospital": "Healthcare", "Physician": "Healthcare",
    "MedicalClinic": "Healthcare", "NGO": "Nonprofit", "NonprofitOrganization": "Nonprofit",
    "GovernmentOrganization": "Government", "EducationalOrganization": "Education",
    "CollegeOrUniversity": "Education", "School": "Education", "Store": "Retail & E-commerce",
    "OnlineStore": "Retail & E-commerce", "FinancialService": "Financial Services",
    "BankOrCreditUnion": "Financial Services", "InsuranceAgency": "Financial Services",
    "RealEstateAgent": "Real Estate", "GeneralContractor": "Construction",
    "HomeAndConstructionBusiness": "Construction", "LodgingBusiness": "Hospitality & Travel",
    "Hotel": "Hospitality & Travel", "TravelAgency": "Hospitality & Travel",
    "Restaurant": "Hospitality & Travel", "NewsMediaOrganization": "Media & Publishing",
    "Airline": "Transportation & Logistics",
}

# keyword (lower case, matched on word starts) -> (category, weight)
KEYWORDS: dict[str, tuple[str, float]] = {}


def _add(category: str, weight: float, words: str) -> None:
    for word in words.split(","):
        KEYWORDS[word.strip()] = (category, weight)


_add("Software", 3, "saas,software platform,software company,cloud platform,open source,open-source,browser,app store")
_add("Software", 1.5, "software,platform,api,developers,developer,app,apps,firefox,billing platform")
_add("IT Services", 3, "it services,managed services,it consulting,cloud consulting,aws,serverless,devops,it-dienstleister,systemhaus,it-service")
_add("IT Services", 1.5, "cloud,automation,hosting,it support,rechenzentrum,datentechnik,netzwerk")
_add("Marketing & Advertising", 3, "werbeagentur,advertising agency,marketing agency,digital agency,agentur,web design agency,brand agency,seo agency")
_add("Marketing & Advertising", 1.5, "marketing,branding,werbung,design,campaigns,kampagnen,corporate design,webdesign")
_add("Financial Services", 3, "fintech,finanzierung,financing,kredit,loans,bank,banking,insurance,versicherung,leasing,wealth management,asset management")
_add("Financial Services", 1.5, "finance,financial,investment,investor,payments,credit,kapital")
_add("Healthcare", 3, "hospice,palliative,hospital,clinic,klinik,patients,patient care,healthcare,health care,medical,arztpraxis,pflege")
_add("Healthcare", 1.5, "health,care,physician,nurse,therapy,caregivers,illness")
_add("Manufacturing", 3, "manufacturer,manufacturing,hersteller,fertigung,produktion,factory,maschinenbau")
_add("Retail & E-commerce", 3, "online shop,onlineshop,online-shop,warenkorb,in den warenkorb,add to cart,shopping cart,versandkostenfrei,webshop,e-commerce,ecommerce")
_add("Retail & E-commerce", 1.5, "shop,store,kaufen,bestellen,preis,price,versand,sortiment,weinshop,wein kaufen")
_add("Education", 3, "university,universität,school,schule,college,academy,akademie,courses,kurse,students")
_add("Nonprofit", 3, "non-profit,nonprofit,not-for-profit,charity,e. v.,e.v.,verein,civil liberties,foundation,donate,spenden,ngo,think tank,gemeinnützig")
_add("Nonprofit", 1.5, "volunteer,mitglieder,members,advocacy,mission,club,association")
_add("Legal", 3, "law firm,rechtsanwalt,rechtsanwälte,anwalt,kanzlei,attorneys,attorney,lawyers,legal services,steuerberatung,steuerberater,fachanwalt,criminal defense,litigation")
_add("Legal", 1.5, "law,legal,recht,rechtsberatung,counsel,court,gericht")
_add("Real Estate", 3, "real estate,immobilien,property management,makler,realtor")
_add("Media & Publishing", 3, "publisher,verlag,magazine,newspaper,zeitung,news,journalism,broadcast")
_add("Consulting", 3, "consulting,beratung,consultancy,unternehmensberatung,outsourcing,vertrieb auslagern,vertriebsdienstleister,telesales")
_add("Consulting", 1.5, "consultants,berater,advisory,strategy,vertrieb,sales")
_add("Hospitality & Travel", 3, "hotel,travel,reisen,tourism,tourismus,restaurant,urlaub,booking")
_add("Energy", 3, "photovoltaik,photovoltaic,solar,solaranlage,stromspeicher,batteriespeicher,energy retailer,energieversorgung,renewable,erneuerbare,wallbox,energiewende")
_add("Energy", 1.5, "energy,energie,strom,electricity,power")
_add("Transportation & Logistics", 3, "logistics,logistik,spedition,freight,shipping,transport")
_add("Telecommunications", 3, "telecommunications,telekommunikation,mobile network,broadband,carrier")
_add("Construction", 3, "bauingenieur,ingenieurbüro,tragwerksplanung,statik,architekten,landschaftsarchitekt,construction,bauunternehmen,baugutachten,baumgutachten,civil engineering,planungsbüro")
_add("Construction", 1.5, "bau,building,architecture,engineering,ingenieure,planung")
_add("Government", 3, "city council,landeshauptstadt,stadtverwaltung,municipality,government,gemeinde,bürgerservice,rathaus,ministerium")
_add("Government", 1.5, "stadt,city,public services,behörde")

# French, Spanish, Italian and Dutch: only terms that name a business unambiguously.
_add("Software", 3, "logiciel,logiciels,éditeur de logiciels,desarrollo de software,sviluppo software,softwarebedrijf")
_add("IT Services", 3, "services informatiques,servicios informáticos,servizi informatici,infogérance,ict-dienstverlening")
_add("Marketing & Advertising", 3, "agence de communication,agence web,agence de publicité,agencia de marketing,agencia de publicidad,agenzia di comunicazione,agenzia pubblicitaria,reclamebureau,marketingbureau")
_add("Financial Services", 3, "banque,assurance,assurances,seguros,aseguradora,assicurazioni,verzekering,verzekeringen,gestion de patrimoine")
_add("Healthcare", 3, "clinique,clínica,hôpital,ospedale,ziekenhuis,soins infirmiers,cabinet médical,centro médico,poliambulatorio")
_add("Manufacturing", 3, "fabricant,fabricante,produttore,fabrikant,usine,fábrica")
_add("Retail & E-commerce", 3, "ajouter au panier,panier,boutique en ligne,añadir al carrito,carrito,tienda online,aggiungi al carrello,carrello,negozio online,winkelwagen,webwinkel")
_add("Education", 3, "université,universidad,università,universiteit,école,escuela,scuola,lycée,hogeschool")
_add("Nonprofit", 3, "association loi 1901,sans but lucratif,organisation à but non lucratif,sin ánimo de lucro,sin fines de lucro,senza scopo di lucro,fondation,fundación,fondazione,stichting,asociación,associazione,onlus")
_add("Legal", 3, "cabinet d'avocats,avocat,avocats,abogado,abogados,despacho de abogados,avvocato,avvocati,studio legale,advocaat,advocaten,notaire,notario,notaio")
_add("Real Estate", 3, "immobilier,agence immobilière,inmobiliaria,immobiliare,makelaar,vastgoed")
_add("Media & Publishing", 3, "éditions,maison d'édition,casa editrice,uitgeverij,periódico,journal quotidien")
_add("Consulting", 3, "cabinet de conseil,conseil en stratégie,consultoría,consultora,consulenza,adviesbureau")
_add("Hospitality & Travel", 3, "hôtel,hôtellerie,agence de voyage,agencia de viajes,ristorante,albergo,reisbureau")
_add("Energy", 3, "énergie renouvelable,énergies renouvelables,photovoltaïque,energía solar,energías renovables,fotovoltaico,energia rinnovabile,zonnepanelen")
_add("Transportation & Logistics", 3, "logistique,transporteur,logística,transporte de mercancías,logistica,trasporti,vervoer")
_add("Telecommunications", 3, "télécommunications,opérateur télécom,telecomunicaciones,telecomunicazioni,telecom-operator")
_add("Construction", 3, "bâtiment,travaux publics,entreprise de construction,construcción,constructora,costruzioni,edilizia,bouwbedrijf,aannemer")
_add("Government", 3, "mairie,ayuntamiento,comune di,gemeente,préfecture,conseil municipal,ministère,ministerio,ministero")
