"""Atlas Outfitters: packs, jackets by size and colour, boots by size, accessories."""

from demo.catalogs.spec import CollectionSpec, ProductSpec

HOUSE = "Atlas Outfitters"
APPAREL = ("Size", [(s, 0) for s in ("XS", "S", "M", "L", "XL")])
# Half sizes are where boot stock goes wrong; whole EU sizes keep the demo readable.
BOOTS = ("Size", [(f"EU {n}", 0) for n in range(38, 47)])
PACK_FIT = ("Size", [("S/M", 0), ("M/L", 0)])


def jacket(title, sku, price, colours, tags, description, *, vendor=HOUSE, compare_at=None):
    return ProductSpec(
        title=title,
        sku=sku,
        price=price,
        product_type="Jacket",
        vendor=vendor,
        tags=["apparel", *tags],
        description=description,
        drawing="jacket",
        palette="jacket",
        options=[APPAREL, ("Colour", [(name, 0) for name in colours])],
        colours=colours,
        weight_grams=450,
        compare_at=compare_at,
    )


def boot(title, sku, price, tags, description, *, vendor=HOUSE, palette="boot"):
    return ProductSpec(
        title=title,
        sku=sku,
        price=price,
        product_type="Boots",
        vendor=vendor,
        tags=["footwear", *tags],
        description=description,
        drawing="boot",
        palette=palette,
        options=[BOOTS],
        weight_grams=1300,
    )


PRODUCTS = [
    ProductSpec(
        title="Ridgeline 28 Daypack",
        sku="ATL-PCK-R28",
        price=119.00,
        product_type="Pack",
        vendor=HOUSE,
        tags=["pack", "hiking", "bestseller"],
        description="A 28-litre pack for long day hikes: ventilated back panel, hip-belt "
        "pockets that fit a phone, and a sleeve for a 2-litre reservoir.\n\n"
        "Recycled 420D nylon with a PFC-free water-repellent finish.",
        drawing="pack",
        palette="pack",
        options=[("Colour", [("Forest", 0), ("Slate", 0), ("Rust", 0)])],
        colours={"Forest": "#2f5d4a", "Slate": "#4b5966", "Rust": "#a84c2a"},
        weight_grams=980,
    ),
    ProductSpec(
        title="Summit 45 Trekking Pack",
        sku="ATL-PCK-S45",
        price=189.00,
        product_type="Pack",
        vendor=HOUSE,
        tags=["pack", "trekking"],
        description="Enough room for a hut-to-hut week. Adjustable torso length, a "
        "floating lid and side access to the main compartment.",
        drawing="pack",
        palette="pack",
        options=[PACK_FIT],
        weight_grams=1550,
    ),
    ProductSpec(
        title="Alpine 65 Expedition Pack",
        sku="ATL-PCK-A65",
        price=249.00,
        product_type="Pack",
        vendor="Ridgeline Works",
        tags=["pack", "trekking", "winter"],
        description="Carries a winter load without complaint: aluminium frame, ski and axe "
        "loops, a crampon pocket and a hip belt that moulds to you.",
        drawing="pack",
        palette="jacket",
        options=[PACK_FIT],
        weight_grams=2200,
    ),
    ProductSpec(
        title="Commuter 20 Roll-Top",
        sku="ATL-PCK-C20",
        price=95.00,
        product_type="Pack",
        vendor=HOUSE,
        tags=["pack", "city", "waterproof"],
        description="Welded seams and a roll-top closure keep a laptop dry on the wettest "
        "ride to work. Reflective details all round.",
        drawing="pack",
        palette="gear",
        options=[("Colour", [("Black", 0), ("Olive", 0)])],
        colours={"Black": "#2b2b2b", "Olive": "#5d6532"},
        weight_grams=870,
    ),
    ProductSpec(
        title="Trail Running Vest 10 L",
        sku="ATL-PCK-V10",
        price=110.00,
        product_type="Pack",
        vendor="Ridgeline Works",
        tags=["pack", "running"],
        description="Two soft flasks up front, a stretch pocket for a shell at the back, "
        "no bounce at pace.",
        drawing="pack",
        palette="accessory",
        options=[("Size", [("S", 0), ("M", 0), ("L", 0)])],
        weight_grams=260,
    ),
    ProductSpec(
        title="Packable Summit Sack 18 L",
        sku="ATL-PCK-P18",
        price=45.00,
        product_type="Pack",
        vendor=HOUSE,
        tags=["pack", "travel"],
        description="Folds into its own pocket; unfolds into a summit pack for the last "
        "push from the hut.",
        drawing="pack",
        palette="decaf",
        weight_grams=140,
        compare_at=55.00,
    ),
    jacket(
        "Stormline 3L Waterproof Shell",
        "ATL-JKT-STM",
        289.00,
        {"Signal red": "#c0392b", "Deep navy": "#22324a", "Moss": "#56703f"},
        ["waterproof", "hiking", "winter", "bestseller"],
        "Three-layer waterproof-breathable shell with pit zips and a helmet-compatible "
        "hood. Taped seams, 20,000 mm rating, weighs 410 g.",
    ),
    jacket(
        "Cumulus Down Jacket",
        "ATL-JKT-CUM",
        259.00,
        {"Black": "#262626", "Glacier blue": "#6e9cc2", "Ochre": "#c8902b"},
        ["insulation", "winter"],
        "800-fill responsibly sourced down in a baffled shell. Packs into its own chest "
        "pocket; warm to about -10 °C standing still.",
        compare_at=299.00,
    ),
    jacket(
        "Fieldhouse Fleece Hoodie",
        "ATL-JKT-FLC",
        89.00,
        {"Heather grey": "#8d9094", "Pine": "#2f4f3e"},
        ["fleece", "layering"],
        "A grid fleece that breathes on the climb and warms on the summit. Thumb loops, "
        "a snug hood and no itch.",
    ),
    jacket(
        "Ridge Softshell Jacket",
        "ATL-JKT-SFT",
        169.00,
        {"Charcoal": "#3a3d40", "Sage": "#8a9a7b"},
        ["softshell", "hiking"],
        "Stretchy, windproof and shower-resistant, for the days a hardshell is too much.",
    ),
    jacket(
        "Insulated Synthetic Vest",
        "ATL-JKT-VST",
        119.00,
        {"Black": "#262626", "Rust": "#a84c2a"},
        ["insulation", "layering", "winter"],
        "Synthetic fill that stays warm when wet. Wear it over a base layer or under a shell.",
    ),
    jacket(
        "Windbreaker Anorak",
        "ATL-JKT-ANK",
        99.00,
        {"Sun yellow": "#e0b12b", "Navy": "#22324a"},
        ["wind", "running"],
        "A half-zip pullover that stops the wind and packs to the size of an apple.",
    ),
    boot(
        "Highpass GTX Hiking Boot",
        "ATL-BT-HGH",
        219.00,
        ["hiking", "waterproof", "bestseller"],
        "A waterproof leather boot for rough trails: a rubber rand, a stiff mid-sole for "
        "scree and a grippy outsole that sheds mud.",
    ),
    boot(
        "Scree Approach Shoe",
        "ATL-BT-SCR",
        149.00,
        ["climbing", "hiking"],
        "Sticky rubber and a climbing zone at the toe for the scramble to the crag.",
        palette="gear",
    ),
    boot(
        "Tundra Insulated Winter Boot",
        "ATL-BT-TUN",
        189.00,
        ["winter", "waterproof"],
        "Warm to -25 °C with a removable felt liner and a lugged sole that bites on ice.",
        palette="decaf",
    ),
    boot(
        "Trailhead Mid Boot",
        "ATL-BT-TRH",
        169.00,
        ["hiking"],
        "Light enough for a fast day, supportive enough for a heavy pack. Suede and mesh, "
        "broken in from the first step.",
    ),
    boot(
        "Canyon Leather Boot",
        "ATL-BT-CAN",
        239.00,
        ["hiking", "leather"],
        "Full-grain leather, Goodyear-welted and resoleable: a boot for the next twenty "
        "years of walks.",
        vendor="Ridgeline Works",
    ),
    ProductSpec(
        title="Merino Hiking Socks, Two Pairs",
        sku="ATL-ACC-SCK",
        price=26.00,
        product_type="Accessory",
        vendor=HOUSE,
        tags=["accessory", "merino", "hiking"],
        description="Cushioned where boots rub, thin where they don't. Merino blend that "
        "stays fresh for days.",
        drawing="tag",
        palette="accessory",
        options=[("Size", [("S (36-38)", 0), ("M (39-42)", 0), ("L (43-46)", 0)])],
        weight_grams=120,
    ),
    ProductSpec(
        title="Merino Beanie",
        sku="ATL-ACC-BNE",
        price=32.00,
        product_type="Accessory",
        vendor=HOUSE,
        tags=["accessory", "merino", "winter"],
        description="Rib-knit merino, double layered over the ears. Washes at 30 °C.",
        drawing="beanie",
        palette="decaf",
        options=[("Colour", [("Charcoal", 0), ("Rust", 0), ("Moss", 0)])],
        colours={"Charcoal": "#3a3d40", "Rust": "#a84c2a", "Moss": "#56703f"},
        weight_grams=80,
    ),
    ProductSpec(
        title="Insulated Steel Bottle 750 ml",
        sku="ATL-ACC-BTL",
        price=35.00,
        product_type="Accessory",
        vendor=HOUSE,
        tags=["accessory", "hydration"],
        description="Cold for a day, hot for twelve hours. A wide mouth for ice and a cap "
        "you can open with gloves on.",
        drawing="bottle",
        palette="accessory",
        options=[("Colour", [("Mustard", 0), ("Forest", 0)])],
        colours={"Mustard": "#d4a017", "Forest": "#2f5d4a"},
        weight_grams=390,
    ),
    ProductSpec(
        title="Carbon Trekking Poles",
        sku="ATL-ACC-PLS",
        price=129.00,
        product_type="Accessory",
        vendor="Ridgeline Works",
        tags=["accessory", "trekking"],
        description="A pair of three-section carbon poles with cork grips and flick locks. "
        "235 g each.",
        drawing="tag",
        palette="gear",
        weight_grams=470,
    ),
    ProductSpec(
        title="Headlamp 400",
        sku="ATL-ACC-HLP",
        price=49.00,
        product_type="Accessory",
        vendor=HOUSE,
        tags=["accessory", "camping", "winter"],
        description="400 lumens, red night mode, USB-C charging and a lock so it never "
        "turns on in the pack.",
        drawing="tag",
        palette="jacket",
        weight_grams=85,
    ),
    ProductSpec(
        title="Dry Bag Set",
        sku="ATL-ACC-DRY",
        price=39.00,
        product_type="Accessory",
        vendor=HOUSE,
        tags=["accessory", "waterproof", "travel"],
        description="Three roll-top bags, 3, 8 and 13 litres, in colours you can tell "
        "apart in a dark tent.",
        drawing="bag",
        palette="accessory",
        weight_grams=190,
    ),
    ProductSpec(
        title="Waterproof Gaiters",
        sku="ATL-ACC-GTR",
        price=55.00,
        product_type="Accessory",
        vendor="Ridgeline Works",
        tags=["accessory", "waterproof", "winter"],
        description="Knee-high gaiters that keep snow, mud and ticks out of your boots.",
        drawing="tag",
        palette="pack",
        options=[("Size", [("S/M", 0), ("L/XL", 0)])],
        weight_grams=280,
    ),
    ProductSpec(
        title="Expedition Down Mitts",
        sku="ATL-ACC-MIT",
        price=89.00,
        product_type="Accessory",
        vendor=HOUSE,
        tags=["accessory", "winter", "insulation"],
        description="Arriving with the first snow.",
        drawing="tag",
        palette="jacket",
        options=[("Size", [("S", 0), ("M", 0), ("L", 0)])],
        status="draft",
        weight_grams=200,
    ),
]

COLLECTIONS = [
    CollectionSpec(
        title="Packs",
        description="From a 10-litre running vest to a 65-litre expedition hauler.",
        rules=[("type", "equals", "Pack")],
    ),
    CollectionSpec(
        title="Footwear",
        description="Boots and approach shoes, in whole EU sizes.",
        rules=[("type", "equals", "Boots")],
    ),
    CollectionSpec(
        title="Winter ready",
        description="Insulation, waterproofs and the small things that make a cold "
        "morning pleasant.",
        rules=[("tag", "equals", "winter"), ("tag", "equals", "insulation")],
        match="any",
    ),
    CollectionSpec(
        title="Trail essentials",
        description="What we pack for a long day on the hill.",
        products=[
            "ATL-PCK-R28",
            "ATL-JKT-STM",
            "ATL-BT-HGH",
            "ATL-ACC-SCK",
            "ATL-ACC-BTL",
            "ATL-ACC-HLP",
            "ATL-JKT-FLC",
            "ATL-ACC-PLS",
        ],
    ),
]
