"""Word lists and sentence templates: the synthetic English of the sample site.

Every name here is made up from syllables and common nouns; sentences are filled templates about
industrial parks, investment, robotics, ceramics and appliances. Slot values may carry inline
markup (``<strong>``, ``<em>``, ``<a>``, ``&nbsp;``) and Chinese in brackets; the ``marks`` set
records which of those a sentence used, so the tests can count them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache
from string import Formatter

from zonenews.sample_site.model import Rich

SURNAMES = (
    "Li",
    "Wang",
    "Zhang",
    "Chen",
    "Liu",
    "Huang",
    "Zhou",
    "Wu",
    "Lin",
    "He",
    "Luo",
    "Liang",
)
GIVEN = ("Ming", "Wenfang", "Yan", "Jie", "Hua", "Jun", "Xiaoling", "Peng", "Yu", "Qing", "Hao")
SYLLABLES = ("Xin", "Rui", "Feng", "Hua", "Jin", "Yu", "Tai", "Kang", "Sheng", "Heng", "Lian", "Bo")
SUFFIXES = ("Co", "Group", "Technology Co", "Intelligent Equipment Co", "Industrial Co")
INDUSTRIES = (
    "robotics",
    "new materials",
    "smart home appliances",
    "ceramics",
    "biomedicine",
    "new energy vehicles",
    "semiconductors",
    "precision machinery",
    "hydrogen energy",
    "LED lighting",
    "industrial software",
    "aluminum profiles",
)
FACILITIES = (
    "innovation center",
    "industrial park",
    "research institute",
    "smart factory",
    "incubator",
    "testing center",
    "logistics hub",
    "production base",
    "pilot plant",
)
PRODUCTS = (
    "robot arms",
    "air conditioners",
    "ceramic tiles",
    "rice cookers",
    "battery packs",
    "servo motors",
    "medical sensors",
    "glazed porcelain",
    "water purifiers",
    "aluminum window frames",
)
TECH = ("machine vision", "5G networks", "digital twins", "kiln heat recovery", "laser welding")
TOPICS = ("smart manufacturing", "green development", "talent services", "cross-border trade")
BUREAUS = (
    "zone's administrative committee",
    "investment promotion bureau",
    "science and technology bureau",
    "bureau of commerce",
)
REGIONS = ("the Pearl River Delta", "Hong Kong and Macao", "Europe", "Southeast Asia")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# English place names with their Chinese names, printed "Name (中文)" on some sentences.
PLACES = (
    ("Nanhai District", "南海区"),
    ("Shishan town", "狮山镇"),
    ("Chancheng District", "禅城区"),
    ("Shunde District", "顺德区"),
    ("Sanshui District", "三水区"),
    ("Gaoming District", "高明区"),
    ("Foshan National Hi-tech Industrial Development Zone", "佛山国家高新技术产业开发区"),
)
PARKS = ("Foshan Hi-tech Zone", "Shishan park", "Nanhai science park", "Sanshui industrial park")

SENTENCES = (
    "{company} signed an agreement to build a new {facility} in {place}, with a total investment "
    "of {money} yuan.",
    "The {facility} is expected to start operation in {year} and to create about {num} jobs.",
    "According to the {bureau}, output of the {industry} industry grew by {pct} percent "
    "year-on-year in the first {small} months.",
    "{official}, an official with the {bureau}, said the zone will keep improving services "
    "for {industry} enterprises.",
    "More than {num} companies from {region} attended the event, which focused on {topic}.",
    "The park now hosts {num} high-tech enterprises, most of them in {industry}.",
    "Local officials said the project would help {place} upgrade its traditional ceramics sector.",
    "The new production line uses {tech} to cut energy consumption by {pct} percent.",
    "Since its launch in {year}, the {facility} has incubated {num} start-ups working on {topic}.",
    "{company} plans to double its output of {product} by the end of {year}.",
    "The zone handled {num} applications from enterprises online last year, saving each of them "
    "about {small} working days.",
    "Visitors tried {product} made by firms in the {park} at the exhibition.",
    "Exports of {product} from {place} reached {money} yuan in {year}, up {pct} percent.",
    "The {park} offers rent subsidies of up to {pct} percent to start-ups in their first years.",
    "Researchers at the {facility} are developing {tech} for {industry} makers in {region}.",
    "The district aims to build an industrial cluster for {industry} worth {money} yuan by {year}.",
    "Officials from the {bureau} visited {company} to learn about its R&D plans.",
    "Construction of the {facility} began in {month} and is proceeding on schedule.",
    "{official} said the zone would hold more matchmaking events for {industry} suppliers.",
    "Companies in the zone filed {num} invention patents in {year}, official figures show.",
    "A shuttle bus now links the {park} with the nearest metro station, officials said.",
    "The {facility} covers {num} square meters and includes testing and pilot workshops.",
)
TITLES = (
    "{park} opens {industry} {facility}",
    "{company} invests {money} yuan in {place} {facility}",
    "{industry} firms in {place} report strong growth",
    "New {facility} to boost {industry} in Foshan",
    "{place} hosts forum on {topic}",
    "Zone signs {num} projects worth {money} yuan",
    "Ceramics makers in {place} turn to {tech}",
    "{company} opens R&D center for {product}",
    "{park} rolls out new policies for {industry} talent",
    "Foshan exports of {product} hit record high",
)
CAPTIONS = (
    "Workers assemble {product} at a plant in {place}.",
    "A robot arm on display at the {park} exhibition hall.",
    "Guests attend the signing ceremony for the new {facility}.",
    "An aerial view of the {park}.",
    "Visitors look at {product} during the expo.",
    "Engineers test {product} at the {facility}.",
    "The {year} Foshan Smart Manufacturing Expo",
    "Officials and business leaders at the {topic} forum",
)
CREDIT_MARKERS = (
    "[Photo provided to China Daily]",
    "[Photo/WeChat account: fshitech]",
    "[Photo by {official}/China Daily]",
    "Image provided by FHIDZ",
    "Photo: {official}",
    "[Photo/IC]",
)
FILE_NAMES = (
    "640 ({small}).jpg",
    "1_副本.jpg",
    "佛山.png",
    "district{small}.jpg.jpg",
    "微信图片_20230612103015.jpg",
    "expo{small}.webp",
    "news{num}.gif",
    "photo{small}.jpeg",
)
# A company name with a character that GB2312 lacks (堃): it makes gb2312 pages need GB18030.
GBK_ONLY_COMPANY = "佛山市堃源智造科技有限公司"


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def company(rng: random.Random) -> str:
    brand = rng.choice(SYLLABLES) + rng.choice(SYLLABLES).lower()
    industry = rng.choice(("Robotics", "Ceramics", "Appliance", "Materials", "Precision"))
    return f"{brand} {industry} {rng.choice(SUFFIXES)}"


def _slot(name: str, rng: random.Random, marks: set[str], decorate: bool) -> Rich:
    """One slot value; when ``decorate`` is set it may carry inline markup or Chinese."""
    if name == "company":
        value = Rich.plain(company(rng))
        if decorate and rng.random() < 0.3:
            tag = rng.choice(("strong", "b"))
            marks.add(f"inline_{tag}")
            return value.wrap(tag)
        return value
    if name == "place":
        english, chinese = rng.choice(PLACES)
        if decorate and rng.random() < 0.3:
            marks.add("chinese")
            return Rich.plain(f"{english} ({chinese})")
        return Rich.plain(english)
    if name == "money":
        amount = f"{rng.randint(2, 95)}"
        unit = rng.choice(("million", "billion"))
        if decorate and rng.random() < 0.3:
            marks.add("nbsp_inline")
            return Rich(f"{amount}&nbsp;{unit}", f"{amount}\u00a0{unit}")
        return Rich.plain(f"{amount} {unit}")
    if name == "product":
        value = Rich.plain(rng.choice(PRODUCTS))
        if decorate and rng.random() < 0.2:
            marks.add("inline_em")
            return value.wrap("em")
        return value
    if name == "facility":
        value = Rich.plain(rng.choice(FACILITIES))
        if decorate and rng.random() < 0.1:
            marks.add("inline_a")
            return value.wrap("a", ' href="http://www.example.org/projects.html" target="_blank"')
        return value
    return Rich.plain(_SIMPLE[name](rng))


_SIMPLE: dict[str, Callable[[random.Random], str]] = {
    "industry": lambda rng: rng.choice(INDUSTRIES),
    "official": person,
    "bureau": lambda rng: rng.choice(BUREAUS),
    "region": lambda rng: rng.choice(REGIONS),
    "topic": lambda rng: rng.choice(TOPICS),
    "tech": lambda rng: rng.choice(TECH),
    "park": lambda rng: rng.choice(PARKS),
    "month": lambda rng: rng.choice(MONTHS),
    "year": lambda rng: str(rng.randint(2016, 2026)),
    "num": lambda rng: str(rng.randint(12, 480)),
    "small": lambda rng: str(rng.randint(2, 9)),
    "pct": lambda rng: f"{rng.randint(3, 40)}.{rng.randint(0, 9)}",
}


@cache
def _parsed(template: str) -> tuple[tuple[Rich, str | None], ...]:
    """A template as (literal, slot name) pairs, parsed once."""
    return tuple((Rich.plain(lit), name) for lit, name, _, _ in Formatter().parse(template))


def fill(template: str, rng: random.Random, marks: set[str], decorate: bool = True) -> Rich:
    html: list[str] = []
    text: list[str] = []
    for literal, name in _parsed(template):
        html.append(literal.html)
        text.append(literal.text)
        if name:
            value = _slot(name, rng, marks, decorate)
            html.append(value.html)
            text.append(value.text)
    return Rich("".join(html), "".join(text))


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random, marks: set[str]) -> Rich:
    return fill(rng.choice(SENTENCES), rng, marks)


def title(rng: random.Random) -> str:
    return _capitalised(fill(rng.choice(TITLES), rng, set(), decorate=False).text)


def caption(rng: random.Random, credit: bool) -> str:
    text = fill(rng.choice(CAPTIONS), rng, set(), decorate=False).text
    if not credit:
        return text
    marker = fill(rng.choice(CREDIT_MARKERS), rng, set(), decorate=False).text
    return f"{text} {marker}"


def file_name(rng: random.Random) -> str:
    return fill(rng.choice(FILE_NAMES), rng, set(), decorate=False).text


def slug(text: str) -> str:
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in text.lower()).split()
    return "-".join(words[:7])
