"""The words the extractor reads meaning from, in one place: general English and news usage,
nothing about a particular article."""

from __future__ import annotations

from ..model.period_words import MONTH_ABBREVIATIONS, MONTHS


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WEEKDAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

# Job titles: before or after a name they make it a person's.
TITLES = words("""chief executive officer ceo cfo cto coo president vice chairman chairwoman chair director
    minister governor mayor senator analyst analysts spokesperson spokesman spokeswoman head founder
    co-founder secretary commissioner manager executive deputy premier chancellor ambassador official
    treasurer partner economist researcher professor dr dr. mr mr. ms ms. mrs mrs. prof prof. sir regent""")

# A company's name often ends in one of these.
COMPANY_SUFFIXES = words("""Inc Inc. Corp Corp. Corporation Co Co. Ltd Ltd. Limited LLC plc PLC AG SE SA GmbH NV
    Group Holdings Motors Motor Energy Power Battery Batteries Solutions Chemical Chemicals Electric
    Electronics Technologies Technology Tech Materials Industries Automotive Auto Mobility Systems
    Research Insights Capital Partners Analytics Intelligence Consulting Securities Bank Ventures
    Resources Metals Mining Cells Storage Renewables Semiconductor Semiconductors Airlines""")

# Names of public bodies: not companies, persons or factories.
PUBLIC_BODIES = words("""Department Ministry Agency Commission Administration Office Council Bureau Authority
    Institute University Association Parliament Congress Senate Court Committee Board Fund Union
    Government Exchange Federation Chamber""")

# Places a factory is "in" but that are not themselves a factory.
REGIONS = frozenset(line.strip() for line in """
Africa
America
Asia
Europe
Oceania
North America
South America
Latin America
Central America
Middle East
Southeast Asia
East Asia
Scandinavia
Argentina
Australia
Austria
Belgium
Brazil
Bulgaria
Canada
Chile
China
Croatia
Czech Republic
Czechia
Denmark
Egypt
Estonia
Finland
France
Germany
Greece
Hungary
India
Indonesia
Ireland
Israel
Italy
Japan
Latvia
Lithuania
Malaysia
Mexico
Morocco
Netherlands
New Zealand
Norway
Philippines
Poland
Portugal
Romania
Russia
Saudi Arabia
Serbia
Singapore
Slovakia
Slovenia
South Africa
South Korea
Korea
Spain
Sweden
Switzerland
Taiwan
Thailand
Turkey
Ukraine
United Arab Emirates
United Kingdom
Britain
Great Britain
England
Scotland
Wales
United States
US
USA
U.S.
UK
EU
Vietnam
Alabama
Alaska
Arizona
Arkansas
California
Colorado
Connecticut
Delaware
Florida
Georgia
Hawaii
Idaho
Illinois
Indiana
Iowa
Kansas
Kentucky
Louisiana
Maine
Maryland
Massachusetts
Michigan
Minnesota
Mississippi
Missouri
Montana
Nebraska
Nevada
New Hampshire
New Jersey
New Mexico
New York
North Carolina
North Dakota
Ohio
Oklahoma
Oregon
Pennsylvania
Rhode Island
South Carolina
South Dakota
Tennessee
Texas
Utah
Vermont
Virginia
Washington
West Virginia
Wisconsin
Wyoming
Ontario
Quebec
British Columbia
Alberta
Bavaria
Saxony
Brandenburg
Lower Saxony
Catalonia
Silesia
Guangdong
Jiangsu
Fujian
Sichuan
Zhejiang
""".strip().splitlines())

# What a plant's country is called as an adjective ("its French gigafactory"): the country, not a name.
DEMONYMS = {"American": "United States", "U.S.": "United States", "US": "United States", "French": "France",
            "German": "Germany", "Spanish": "Spain", "Italian": "Italy", "Polish": "Poland", "Hungarian": "Hungary",
            "Czech": "Czech Republic", "Slovak": "Slovakia", "Swedish": "Sweden", "Norwegian": "Norway",
            "Danish": "Denmark", "Finnish": "Finland", "Dutch": "Netherlands", "Belgian": "Belgium",
            "Portuguese": "Portugal", "British": "United Kingdom", "Serbian": "Serbia", "Turkish": "Turkey",
            "Mexican": "Mexico", "Canadian": "Canada", "Brazilian": "Brazil", "Chinese": "China", "Japanese": "Japan",
            "Korean": "South Korea", "South Korean": "South Korea", "Indian": "India", "Indonesian": "Indonesia",
            "Thai": "Thailand", "Vietnamese": "Vietnam", "Malaysian": "Malaysia", "Australian": "Australia",
            "Moroccan": "Morocco", "European": None, "Asian": None, "Chilean": "Chile", "Argentine": "Argentina"}

# Capitalised at a sentence's start, or as a title of address: never a name on their own.
COMMON = words("""A An The This That These Those It Its It's We Our Us They Their He His She Her I In On At For
    With By Under Over After Before During Since From To Of And Or But As While Meanwhile Moreover However
    Also Then Now Today Yesterday Tomorrow Last Next Earlier Later According Analysts Analyst Rival Rivals
    Industry Shares Separately Still Yet Some Many Most Several Both Each Every Other Such Sources Officials
    Neither Nor Why How What When Where Who Whose Which If Although Though Because Unlike Like Despite
    Including Following Production Construction Investment Chief Executive Officer President Vice
    Governor Minister Director Deputy Mr Mrs Ms Dr Prof Sir Financial Electric Battery Batteries Cell
    Cells EV EVs CEO CEOs CFO CTO COO GWh MWh kWh GW MW LFP NCM NMC IRA SEC Co Inc Ltd Corp Group
    Solid-state Sodium-ion Lithium-ion Plans Plan Asked Speaking Lower Higher New Old Big Small
    First Second Third Fourth Fifth One Two Three Four Five Six Seven Eight Nine Ten""") | WEEKDAYS | frozenset(
    m.capitalize() for m in MONTHS) | frozenset(m.capitalize() + "." for m in MONTH_ABBREVIATIONS) | frozenset(
    m.capitalize() for m in MONTH_ABBREVIATIONS)

# Verbs that attribute words to someone.
SPEECH_VERBS = words("""said says say told tells added adds noted stated explained explains announced announces
    emphasized emphasised emphasizes emphasises stressed stresses confirmed confirms warned warns argued
    argues insisted insists wrote tweeted predicted predicts claimed reiterated reiterates disclosed
    revealed declared pledged vowed promised commented remarked acknowledged acknowledges admitted
    believes believed thinks called described welcomed welcomes expect expects estimate estimates
    forecast forecasts predict reported""")

# Nouns that stand for the company in focus ("the company said"), or a plant ("the plant").
COMPANY_NOUNS = words("""company firm group automaker carmaker maker manufacturer supplier producer startup
    start-up battery-maker chipmaker business conglomerate""")
FACTORY_NOUNS = words("plant factory gigafactory facility site works mill")
DOCUMENT_NOUNS = words("""filing filings statement report release presentation document documents
    announcement letter disclosure prospectus website""")
# The press relaying what others say: its words are the source's own (the publication), never the company's.
MEDIA_NOUNS = words("""magazine newspaper paper publication outlet journal newswire daily weekly broadcaster
    media press reports""")

# Words that can be the subject of a plan ("the plant will ...", "production will ...").
AGENT_NOUNS = COMPANY_NOUNS | FACTORY_NOUNS | words("""we i he she they it government state ministry
    administration agency city council country partners companies venture project line lines
    production construction output operations sales deliveries shipments supply investment
    program programme plan expansion jobs workers staff employees people positions vans vehicles cars trucks
    pickups models phase building buildings""")

# Public titles: a person holding one speaks for no company.
PUBLIC_TITLES = words("""minister governor mayor senator secretary commissioner official premier chancellor
    ambassador president's congressman congresswoman lawmaker legislator regulator regent""")

# A judgement, forecast or assessment rather than a report.
OPINION_CUES = (r"holds? the key|the key to|underscor\w*|signals?|signall?ing|marks? a|a sign (?:that|of)|latest sign|"
                r"clear(?:ly)? that|it[’']?s clear|it is clear|clear shift|milestone|crucial|pivotal|bold|risky|"
                r"compelling|credible|disappointing|understandable|groundbreaking(?!\s+ceremony)|undeniabl[ey]|shockwaves?|"
                r"more than just|next step|game[- ]changer|remarkable|impressive|ambitious|unlikely|likely to|"
                r"should|must|testament|reflects?|showcases?|poised to|paradigm|at the forefront|setback|blow to|"
                r"boost for|vote of confidence|too (?:slow|fast|little|late|early)|execution risk|a big bet|risk is high")

# What an article's own judgements are about, when they name no one.
EVENT_NOUNS = words("""postponement delay delays cancellation deal investment plant factory project venture agreement
    contract decision move bet announcement plan plans expansion acquisition merger partnership
    closure setback retreat""")
