"""English words for what OCOP product names say in Vietnamese.

Product names are Vietnamese ("Mật ong hoa cà phê"); a buyer of an export house or a foreign
chain searching the English catalogue types "honey" and finds nothing. When a search finds
nothing, the catalogue offers the same search in Vietnamese (``vietnamese_for``): the words
below put into Vietnamese, the others (place names, brands) kept as typed. It is only ever a
link the buyer can follow, never a silent change of what was asked.

Keys are folded (lower case, no marks), as the search folds a query; a plural key finds its
singular ("mangoes", "shallots"). Words Vietnamese writes after the thing they qualify
("xoài sấy", dried mango) are MODIFIERS; a phrase with its own Vietnamese ("dried shrimp",
"tôm khô") wins over its words.
"""

from __future__ import annotations

THINGS: dict[str, str] = {
    # food
    "honey": "mật ong",
    "rice": "gạo",
    "brown rice": "gạo lứt",
    "sticky rice": "nếp",
    "glutinous rice": "nếp",
    "rice paper": "bánh tráng",
    "rice noodle": "bún",
    "vermicelli": "bún",
    "glass noodle": "miến",
    "rice cracker": "bánh gạo",
    "coffee": "cà phê",
    "cocoa": "ca cao",
    "chocolate": "sô cô la",
    "tea": "trà",
    "green tea": "trà xanh",
    "lotus tea": "trà sen",
    "tea bag": "trà túi lọc",
    "fish sauce": "nước mắm",
    "soy sauce": "nước tương",
    "vinegar": "giấm",
    "salt": "muối",
    "sugar": "đường",
    "shrimp": "tôm",
    "prawn": "tôm",
    "dried shrimp": "tôm khô",
    "fish": "cá",
    "dried fish": "khô cá",
    "squid": "mực",
    "dried squid": "mực khô",
    "crab": "cua",
    "shallot": "hành tím",
    "red onion": "hành tím",
    "onion": "hành",
    "garlic": "tỏi",
    "ginger": "gừng",
    "turmeric": "nghệ",
    "chili": "ớt",
    "chilli": "ớt",
    "pepper": "tiêu",
    "cinnamon": "quế",
    "star anise": "hoa hồi",
    "lemongrass": "sả",
    "candy": "kẹo",
    "coconut candy": "kẹo dừa",
    "cake": "bánh",
    "mooncake": "bánh trung thu",
    "moon cake": "bánh trung thu",
    "jam": "mứt",
    "candied fruit": "mứt",
    "fruit": "trái cây",
    "dried fruit": "trái cây sấy",
    "juice": "nước ép",
    "milk": "sữa",
    "yogurt": "sữa chua",
    "mineral water": "nước khoáng",
    "sausage": "lạp xưởng",
    "pork": "thịt heo",
    "beef": "thịt bò",
    "chicken": "gà",
    "duck": "vịt",
    "egg": "trứng",
    "salted egg": "trứng muối",
    "coconut": "dừa",
    "durian": "sầu riêng",
    "mango": "xoài",
    "pomelo": "bưởi",
    "grapefruit": "bưởi",
    "longan": "nhãn",
    "lychee": "vải",
    "litchi": "vải",
    "dragon fruit": "thanh long",
    "banana": "chuối",
    "jackfruit": "mít",
    "orange": "cam",
    "pineapple": "dứa",
    "guava": "ổi",
    "avocado": "bơ",
    "cashew": "hạt điều",
    "macadamia": "mắc ca",
    "peanut": "đậu phộng",
    "lotus seed": "hạt sen",
    "mushroom": "nấm",
    "lingzhi": "nấm linh chi",
    "reishi": "nấm linh chi",
    "cordyceps": "đông trùng hạ thảo",
    "ginseng": "sâm",
    "bird nest": "yến sào",
    "birds nest": "yến sào",
    "bird s nest": "yến sào",
    "swiftlet nest": "yến sào",
    "seaweed": "rong biển",
    "wine": "rượu",
    "rice wine": "rượu",
    "liquor": "rượu",
    "gift box": "hộp quà",
    # herbal products
    "herb": "thảo dược",
    "herbal": "thảo dược",
    "essential oil": "tinh dầu",
    "soap": "xà phòng",
    # handicrafts, plants
    "silk": "lụa",
    "brocade": "thổ cẩm",
    "bamboo": "tre",
    "rattan": "mây",
    "sedge": "cói",
    "pottery": "gốm",
    "ceramic": "gốm",
    "lacquer": "sơn mài",
    "embroidery": "tranh thêu",
    "incense": "nhang",
    "conical hat": "nón lá",
    "flower": "hoa",
    "orchid": "hoa lan",
    "bonsai": "cây cảnh",
}

MODIFIERS: dict[str, str] = {
    "dried": "sấy",
    "salted": "muối",
    "organic": "hữu cơ",
    "fresh": "tươi",
    "frozen": "đông lạnh",
    "smoked": "xông khói",
    "roasted": "rang",
    "instant": "hòa tan",
    "green": "xanh",
    "black": "đen",
    "white": "trắng",
    "red": "đỏ",
    "purple": "tím",
    "sweet": "ngọt",
    "spicy": "cay",
}

_LONGEST = max(len(key.split()) for key in THINGS)


def _singular(word: str) -> tuple[str, ...]:
    """``word`` and what it may be the plural of: "mangoes" → mango, "berries" → berry."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return tuple(forms)


def _thing_at(tokens: tuple[str, ...], start: int) -> tuple[str, int] | None:
    """(Vietnamese, how many tokens) of the longest phrase of THINGS at ``start``."""
    for length in range(min(_LONGEST, len(tokens) - start), 0, -1):
        *head, last = tokens[start : start + length]
        for form in _singular(last):
            vietnamese = THINGS.get(" ".join([*head, form]))
            if vietnamese:
                return vietnamese, length
    return None


def vietnamese_for(tokens: tuple[str, ...]) -> str:
    """The query of folded ``tokens`` with its English words in Vietnamese ("organic dried
    mangoes" → "xoài sấy hữu cơ", "honey dak lak" → "mật ong dak lak"), or "" when it has
    none of them."""
    out: list[str] = []
    pending: list[str] = []  # modifiers waiting for the thing they qualify
    translated = False
    index = 0
    while index < len(tokens):
        thing = _thing_at(tokens, index)
        if thing is not None:
            vietnamese, length = thing
            out += [vietnamese, *reversed(pending)]
            pending, translated, index = [], True, index + length
            continue
        token = tokens[index]
        if token in MODIFIERS:
            pending.append(MODIFIERS[token])
            translated = True
        else:
            out += [*reversed(pending), token]
            pending = []
        index += 1
    out += reversed(pending)
    return " ".join(out) if translated else ""
