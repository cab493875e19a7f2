"""Names for the demo data, drawn the way a Swedish register has them.

A few surnames are common (Andersson, Johansson, Karlsson… in their real proportions, from
Faker's sv_SE tables, which follow Statistics Sweden) and most are rare: compositional names
(Lind + berg, Sjö + ström, Ek + e + lund…), surnames of other origins (Finnish, Bosnian and
Croatian, German, Turkish, Spanish…) and double surnames. First names likewise: the common
Swedish ones, then first names of other origins and double names such as Anna-Karin. At
``seed_demo --scale 100`` (100,000 contacts) that gives tens of thousands of distinct
surnames and first names, the commonest held by under 2 % of the people and most of them by
three people or fewer — so that a search for one person's name finds a handful of rows, as it
does in a real register.

Every draw comes from the ``random.Random`` passed in, so the same seed gives the same names.
"""

import bisect
import importlib
import itertools
import random
from functools import cache


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Share of the people who carry one of the common Swedish surnames (Faker's 500, with their
# real frequencies; Andersson is 5 % of them, so just under 2 % of everyone).
COMMON_SURNAME_SHARE = 0.36
DOUBLE_SURNAME_SHARE = 0.10
COMMON_FIRST_NAME_SHARE = 0.6
DOUBLE_FIRST_NAME_SHARE = 0.2

# Elements of Swedish compositional surnames ("ortnamn", nature words), first and last.
SURNAME_FIRST = _words(
    "Agn Ahl Al Alm Ander Apel Arn Ask Asp Back Bark Berg Bjur Björk Blom Bo Bol Borg Brand "
    "Bred Bro Brunn By Bäck Dahl Dun Ed Ek Eld Elm Eng Fager Falk Fjäll Fors Fred Fri Frost "
    "Gran Grön Gull Gyllen Hag Hall Hammar Hassel Hed Hel Hjelm Hjort Hol Holm Hov Hult Hög "
    "Is Kall Karl Kjell Klint Kol Korp Krok Kvarn Kron Kull Lager Lax Lil Lilje Lind Ljung "
    "Lund Lyck Lönn Löv Malm Mark Mel Mo Mos Myr Mörk Nord Norr Ny Näs Oden Pal Pil Ram Rapp "
    "Ring Ros Rosen Rud Ryd Rönn Salt Sand Silfver Sjö Skog Sköld Smed Sol Sparr Sten Stjern "
    "Stor Strand Ström Stål Sund Sval Svan Sved Söder Tall Tjäder Tor Ull Ulf Vall Vass Ved "
    "Vester Vid Vik Wahl Wall Wass Wen Wester Wik Win Åker Ås Ång Älv Ö Örn Öst Öster"
)
SURNAME_LAST = _words(
    "berg bergh bäck blad blom bom borg bro dahl dal fors gren grén hag hall holm hult kvist "
    "qvist quist lund lundh lind lindh löf löv mark man näs ros sjö skog sten strand ström "
    "sund vall wall vik wik gård åker hed torp stedt ander ell én ér in ing ius by hammar lid "
    "ling ryd stam vist"
)
LINKED_LAST = {"berg", "lund", "ström", "gren", "blad", "dahl", "kvist", "qvist", "holm"}
SOLDIER_SURNAMES = _words(
    "Modig Stark Frisk Rask Snygg Tapper Glad Lustig Munter Trygg Hurtig Kvick Rapp Säker "
    "Stolt Stille Käck Fast Fager Flink Ståhl Rosen Lejon Svärd Spjut Sköld Brand Eld Dolk "
    "Pihl Hjelm Lans Bock Falk Hök Stål Orre Trana Sparre Gädda"
)
PATRONYMIC_FIRST = _words(
    "Abraham Adolf Albin Alf Alfred Algot Anton Arne Arvid August Axel Bengt Bertil Birger "
    "Björn Bo Börje Dan Daniel David Edvard Einar Elias Emil Erland Evert Filip Folke Frans "
    "Gottfrid Gunnar Gustav Göran Gösta Harald Helge Henning Herman Hilding Holger Ingemar "
    "Isak Ivar Jakob Joel Josef Kjell Konrad Lennart Ludvig Magnus Martin Melker Mikael Mårten "
    "Natan Nils Oskar Otto Ragnar Rikard Robert Roland Rune Samuel Sigurd Simon Sixten Stig "
    "Sture Sune Sven Tage Teodor Tore Torsten Ture Valdemar Verner Vilhelm Åke Östen"
)
# Surnames of other origins, in the proportions Sweden has them (about one person in five
# was born abroad): Faker's tables of these locales.
OTHER_ORIGINS = ("fi_FI", "hr_HR", "de_DE", "tr_TR", "es_ES", "et_EE", "hu_HU", "it_IT")
OTHER_FIRST_NAME_ORIGINS = (*OTHER_ORIGINS, "sl_SI", "cs_CZ", "pl_PL", "nl_NL", "fr_FR", "en_GB")
# How steeply the rare names thin out: the name of rank r weighs 1 / (r + TAIL_OFFSET).
TAIL_OFFSET = 2_000


def _provider(locale: str):
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def _weighted(table) -> dict[str, float]:
    """Faker's name tables are weighted dicts for some locales and plain lists for others."""
    if isinstance(table, dict):
        return dict(table)
    return dict.fromkeys(table, 1.0)


class _Pool:
    """Names with weights, drawn with ``rng`` in O(log n) per draw."""

    def __init__(self, weights: dict[str, float]):
        self.names = list(weights)
        self.cumulative = list(itertools.accumulate(weights.values()))

    def draw(self, rng: random.Random) -> str:
        return self.names[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _tail(names, taken, order_seed: int) -> dict[str, float]:
    """The rare names, each less likely than the one before (a long, thin tail): their
    order is shuffled once, the same for every seed, so that no alphabet bias shows."""
    names = sorted(set(names) - set(taken))
    random.Random(order_seed).shuffle(names)
    return {name: 1 / (rank + TAIL_OFFSET) for rank, name in enumerate(names)}


def compositional_surnames() -> list[str]:
    """Lindberg, Sjöström, Ekelund, Wallqvist… every plausible pairing of the elements."""
    names = []
    for first, last in itertools.product(SURNAME_FIRST, SURNAME_LAST):
        if first.lower() == last or first.lower().startswith(last):
            continue
        names.append(first + last)
        # A linking e after a short first element: Lindeberg, Ekelund, Sandeström.
        if len(first) <= 4 and first[-1] not in "aeiouyåäö" and last in LINKED_LAST:
            names.append(first + "e" + last)
    return names


@cache
def surname_pools() -> tuple[_Pool, _Pool]:
    common = _weighted(_provider("sv_SE").last_names)
    rare = [
        *compositional_surnames(),
        *SOLDIER_SURNAMES,
        *(f"{name}sson" if not name.endswith("s") else f"{name}son" for name in PATRONYMIC_FIRST),
        *(name for locale in OTHER_ORIGINS for name in _weighted(_provider(locale).last_names)),
    ]
    return _Pool(common), _Pool(_tail(rare, common, order_seed=1))


@cache
def first_name_pools() -> tuple[dict[str, _Pool], _Pool]:
    swedish = _provider("sv_SE")
    common = {
        "f": _Pool(_weighted(swedish.first_names_female)),
        "m": _Pool(_weighted(swedish.first_names_male)),
    }
    other = [
        name
        for locale in OTHER_FIRST_NAME_ORIGINS
        for table in ("first_names_female", "first_names_male")
        for name in _weighted(getattr(_provider(locale), table, ()))
        if " " not in name
    ]
    taken = set(common["f"].names) | set(common["m"].names)
    return common, _Pool(_tail(other, taken, order_seed=2))


def surname(rng: random.Random) -> str:
    common, rare = surname_pools()
    roll = rng.random()
    if roll < COMMON_SURNAME_SHARE:
        return common.draw(rng)
    if roll < COMMON_SURNAME_SHARE + DOUBLE_SURNAME_SHARE:
        # A double surname: often a common one joined with a rarer one (Andersson Lind).
        first = common.draw(rng) if rng.random() < 0.5 else rare.draw(rng)
        second = rare.draw(rng)
        return f"{first} {second}" if rng.random() < 0.7 else f"{first}-{second}"
    return rare.draw(rng)


def first_name(rng: random.Random) -> str:
    common, other = first_name_pools()
    pool = common["f" if rng.random() < 0.5 else "m"]
    roll = rng.random()
    if roll < COMMON_FIRST_NAME_SHARE:
        return pool.draw(rng)
    if roll < COMMON_FIRST_NAME_SHARE + DOUBLE_FIRST_NAME_SHARE:
        # Anna-Karin, Lars-Erik, Ann-Sofie: two names of the same kind.
        first, second = pool.draw(rng), pool.names[rng.randrange(len(pool.names))]
        if first == second or "-" in first + second:
            return first
        return f"{first}-{second}"
    return other.draw(rng)


# --- Organisations that are not (yet) in the CRM, as leads name them ------------------------

COMPANY_WORDS = _words(
    "Konsult IT Data System Bygg Teknik Management Kommunikation Utveckling Digital "
    "Rådgivning Consulting Partner Solutions Analys Juridik Design Media Förvaltning Ekonomi "
    "Revision Säkerhet Arkiv Integration Drift Support Infrastruktur Utbildning Kompetens "
    "Innovation Logistik Energi Fastigheter Vatten Omsorg Vård Arkitekter Mätteknik"
)
PUBLIC_BODIES = (
    "Samordningsförbundet {place}",
    "{place}s IT-förbund",
    "{place}s räddningstjänstförbund",
    "Gemensamma nämnden i {place}",
    "{place} Vatten",
    "{place}hem",
    "{place} Energi",
    "Stiftelsen {place}s folkhögskola",
    "{place}s bostadsbolag",
    "Föreningen {place}s bygdegård",
)


def organisation_name(rng: random.Random, places: list[str]) -> str:
    """A company or public body that a lead comes from: Lindqvist Konsult AB, Sjöholm &
    Åkerlund AB, Samordningsförbundet Kiruna…"""
    roll = rng.random()
    word = COMPANY_WORDS[rng.randrange(len(COMPANY_WORDS))]
    if roll < 0.35:
        return f"{surname(rng)} {word} AB"
    if roll < 0.5:
        return f"{surname(rng)} & {surname(rng)} AB"
    if roll < 0.65:
        return f"{surname(rng)}s {word.lower()} AB"
    if roll < 0.85:
        return f"{places[rng.randrange(len(places))]} {word} AB"
    template = PUBLIC_BODIES[rng.randrange(len(PUBLIC_BODIES))]
    return template.format(place=places[rng.randrange(len(places))])


# --- What a note says besides its first sentence ----------------------------------------------

MONTHS = _words(
    "januari februari mars april maj juni juli augusti september oktober november december"
)
WEEKDAYS = _words("måndag tisdag onsdag torsdag fredag")
NOTE_DETAILS = (
    "Nytt möte bokat {weekday} den {date} kl. {time}.",
    "Med på mötet var även {person}, {title}.",
    "{person} ({title}) tar över frågan efter sommaren.",
    "De räknar med ungefär {n} användare det första året.",
    "Budgeten för införandet är omkring {amount} kronor.",
    "Återkoppling utlovad senast den {date}.",
    "Skickade underlaget till {person} den {date}.",
    "Har även pratat med {place} om ett gemensamt införande.",
    "Frågan tas upp i nämnden den {date}.",
    "Referenssamtal med {place} bokat till den {date}.",
    "Offerten gäller till och med den {date}.",
    "Diarienummer {case}.",
    "Nästa steg: {person} tar fram ett beslutsunderlag till den {date}.",
    "{person} på {place} kan vara referens.",
    "Ring {person} på {phone} om något är oklart.",
    "Kostnaden jämförs med nuvarande lösning, som kostar {amount} kronor om året.",
    "Vill ha en demo för {n} handläggare.",
    "Påminnelse satt till {weekday} den {date}.",
)


def note_details(rng: random.Random, places: list[str], titles: tuple[str, ...]) -> str:
    """Zero to two sentences of detail (dates, people, figures), so that notes differ as they
    do in a real CRM."""
    count = rng.choices((0, 1, 2), weights=(25, 45, 30))[0]
    sentences = []
    for template in rng.sample(NOTE_DETAILS, count):
        sentences.append(
            template.format(
                weekday=WEEKDAYS[rng.randrange(5)],
                date=f"{rng.randint(1, 28)} {MONTHS[rng.randrange(12)]}",
                time=f"{rng.randint(8, 16)}.{rng.choice(('00', '15', '30', '45'))}",
                person=f"{first_name(rng)} {surname(rng)}",
                title=titles[rng.randrange(len(titles))].lower(),
                n=rng.randrange(5, 400, 5),
                amount=f"{rng.randrange(20, 2_000) * 1_000:,}".replace(",", " "),
                place=places[rng.randrange(len(places))],
                case=f"KS {rng.randint(2019, 2026)}/{rng.randint(1, 2_500)}",
                phone=f"07{rng.choice('02369')}-{rng.randint(100, 999)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)}",
            )
        )
    return " ".join(sentences)
