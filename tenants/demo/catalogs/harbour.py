"""Harbour Coffee Roasters: coffees by size and grind, brewing gear, mugs."""

from demo.catalogs.spec import CollectionSpec, ProductSpec

HOUSE = "Harbour Coffee Roasters"
SIZE = ("Size", [("250 g", 0), ("1 kg", 0)])
GRIND = ("Grind", [("Whole bean", 0), ("Filter", 0), ("Espresso", 0)])


def coffee(title, sku, price, tags, description, *, palette="filter", kilo=None, vendor=HOUSE):
    """Coffees come in 250 g and 1 kg bags; a kilo costs about 3.4 times a bag."""
    kilo = kilo if kilo is not None else round(price * 3.4)
    size = ("Size", [("250 g", 0), ("1 kg", kilo - price)])
    return ProductSpec(
        title=title,
        sku=sku,
        price=price,
        product_type="Coffee",
        vendor=vendor,
        tags=["coffee", *tags],
        description=description,
        drawing="bag",
        palette=palette,
        options=[size, GRIND],
        weight_grams=250,
    )


PRODUCTS = [
    coffee(
        "Ethiopia Yirgacheffe Kochere",
        "HCR-ETH-KOC",
        14.50,
        ["single-origin", "light-roast", "africa", "washed"],
        "Jasmine, bergamot and ripe peach from smallholders around Kochere, washed at the "
        "Banko Gotiti station.\n\nWe roast it light to keep the florals: brew it as filter "
        "and let it cool a little.",
    ),
    coffee(
        "Kenya Nyeri Gatomboya",
        "HCR-KEN-GAT",
        16.00,
        ["single-origin", "light-roast", "africa", "washed"],
        "Blackcurrant, grapefruit and a long, syrupy finish. SL28 and SL34 from the "
        "Gatomboya factory in Nyeri, double-fermented and dried on raised beds.",
    ),
    coffee(
        "Colombia Huila Finca El Mirador",
        "HCR-COL-MIR",
        13.50,
        ["single-origin", "medium-roast", "south-america"],
        "Red apple, panela and milk chocolate. Don Arcesio grows Caturra and Castillo at "
        "1,750 metres; a forgiving coffee that works in any brewer.",
    ),
    coffee(
        "Guatemala Antigua La Soledad",
        "HCR-GUA-SOL",
        13.00,
        ["single-origin", "medium-roast", "central-america"],
        "Cocoa, almond and orange zest, grown in volcanic soil under shade trees. Our "
        "everyday filter at the roastery.",
    ),
    coffee(
        "Brazil Cerrado Mineiro",
        "HCR-BRA-CER",
        11.50,
        ["single-origin", "medium-roast", "south-america", "natural"],
        "Hazelnut, brown sugar and a round body. Natural-process Mundo Novo that makes a "
        "sweet, low-acid espresso and a generous flat white.",
        palette="espresso",
    ),
    coffee(
        "Sumatra Lintong Wet-Hulled",
        "HCR-SUM-LIN",
        13.50,
        ["single-origin", "dark-roast", "asia"],
        "Cedar, dark chocolate and a heavy, velvety body from the shores of Lake Toba. "
        "Wet-hulled the Sumatran way, roasted a touch darker.",
        palette="espresso",
    ),
    coffee(
        "Rwanda Nyamasheke Kinini",
        "HCR-RWA-KIN",
        15.00,
        ["single-origin", "light-roast", "africa", "washed"],
        "Red grape, black tea and honey. A women-led cooperative on the hills above Lake "
        "Kivu; fully washed and sorted by hand twice.",
    ),
    coffee(
        "Harbour House Blend",
        "HCR-BLD-HSE",
        11.00,
        ["blend", "medium-roast", "bestseller"],
        "Our house coffee since the first roast on the quay: Brazil for body, Colombia for "
        "sweetness. Chocolate, caramel, no surprises.",
        palette="espresso",
    ),
    coffee(
        "Quayside Espresso",
        "HCR-BLD-QUA",
        12.00,
        ["blend", "dark-roast", "espresso"],
        "Built for milk: dark chocolate, toasted nuts and a thick crema. Roasted a little "
        "longer and rested seven days before it ships.",
        palette="espresso",
    ),
    coffee(
        "Night Shift Decaf",
        "HCR-DEC-NGT",
        12.50,
        ["decaf", "medium-roast"],
        "Colombian Supremo decaffeinated with water only (Swiss Water process). Toffee and "
        "stewed plum; you would not know.",
        palette="decaf",
    ),
    ProductSpec(
        title="Three Origins Sample Box",
        sku="HCR-BOX-3OR",
        price=19.00,
        product_type="Coffee",
        vendor=HOUSE,
        tags=["coffee", "gift", "single-origin"],
        description="Three 100 g bags of whatever the roasters are most excited about this "
        "month, with tasting notes. The easiest way to find your next favourite.",
        drawing="bag",
        palette="decaf",
        options=[GRIND],
        weight_grams=300,
    ),
    ProductSpec(
        title="Gooseneck Pour-Over Kettle",
        sku="HCR-GEAR-KTL",
        price=69.00,
        product_type="Brewing gear",
        vendor="Kettleworks",
        tags=["brewing", "pour-over"],
        description="A 900 ml stovetop kettle with a slim gooseneck spout for a slow, "
        "steady pour. Built-in thermometer in the lid; works on induction.",
        drawing="kettle",
        palette="gear",
        options=[("Finish", [("Matte black", 0), ("Brushed steel", 5)])],
        weight_grams=780,
    ),
    ProductSpec(
        title="Ceramic Pour-Over Dripper",
        sku="HCR-GEAR-DRP",
        price=24.00,
        product_type="Brewing gear",
        vendor="Quay Pottery",
        tags=["brewing", "pour-over", "gift"],
        description="A cone dripper thrown and glazed in Falmouth. Spiral ribs keep the "
        "filter off the wall so the water flows evenly. Takes size 02 filters.",
        drawing="dripper",
        palette="ceramic",
        options=[("Colour", [("Chalk white", 0), ("Slate", 0)])],
        weight_grams=420,
    ),
    ProductSpec(
        title="Glass Serving Carafe 600 ml",
        sku="HCR-GEAR-CRF",
        price=28.00,
        product_type="Brewing gear",
        vendor="Brewline",
        tags=["brewing", "gift"],
        description="Heat-resistant borosilicate with a cork collar. Holds two large cups; "
        "sits under any dripper.",
        drawing="bottle",
        palette="decaf",
        weight_grams=350,
    ),
    ProductSpec(
        title="Hand Burr Grinder",
        sku="HCR-GEAR-GRD",
        price=89.00,
        product_type="Brewing gear",
        vendor="Brewline",
        tags=["brewing", "grinder"],
        description="Stainless conical burrs, 40 click settings from Turkish to French "
        "press. Grinds 20 g for filter in under a minute.",
        drawing="bottle",
        palette="gear",
        weight_grams=640,
    ),
    ProductSpec(
        title="Paper Filters, Pack of 100",
        sku="HCR-GEAR-FLT",
        price=6.50,
        product_type="Brewing gear",
        vendor="Brewline",
        tags=["brewing", "pour-over"],
        description="Unbleached, oxygen-whitened cone filters. Rinse with hot water first.",
        drawing="tag",
        palette="filter",
        options=[("Size", [("01", 0), ("02", 0.5)])],
        weight_grams=120,
    ),
    ProductSpec(
        title="Eight-Cup French Press",
        sku="HCR-GEAR-FRP",
        price=39.00,
        product_type="Brewing gear",
        vendor="Brewline",
        tags=["brewing", "immersion"],
        description="A one-litre press with a double mesh filter for a cleaner cup. "
        "Dishwasher safe, glass replaceable.",
        drawing="kettle",
        palette="filter",
        weight_grams=900,
    ),
    ProductSpec(
        title="Digital Brew Scale",
        sku="HCR-GEAR-SCL",
        price=45.00,
        product_type="Brewing gear",
        vendor="Brewline",
        tags=["brewing"],
        description="Weighs to 0.1 g with a built-in timer that starts at the first drop. "
        "USB-C rechargeable; one charge lasts a month of mornings.",
        drawing="tag",
        palette="gear",
        weight_grams=450,
    ),
    ProductSpec(
        title="Cold Brew Bottle 1 L",
        sku="HCR-GEAR-CLD",
        price=32.00,
        product_type="Brewing gear",
        vendor="Brewline",
        tags=["brewing", "cold-brew", "summer"],
        description="Fill the filter with coarse coffee, top up with cold water, leave it "
        "in the fridge overnight. Makes a litre of smooth concentrate.",
        drawing="bottle",
        palette="decaf",
        weight_grams=700,
    ),
    ProductSpec(
        title="Harbour Enamel Mug",
        sku="HCR-MUG-ENM",
        price=16.00,
        product_type="Mug",
        vendor=HOUSE,
        tags=["mug", "gift", "camping"],
        description="Steel with a glossy enamel coat and a rolled rim, printed with our "
        "lighthouse. 350 ml; goes from campfire to desk.",
        drawing="mug",
        palette="ceramic",
        options=[("Colour", [("Cream", 0), ("Navy", 0)])],
        colours={"Cream": "#e9dcc3", "Navy": "#24344d"},
        weight_grams=260,
    ),
    ProductSpec(
        title="Stoneware Tasting Cups, Set of Two",
        sku="HCR-MUG-TST",
        price=22.00,
        product_type="Mug",
        vendor="Quay Pottery",
        tags=["mug", "gift"],
        description="Small, handle-less cups for cuppings and espresso. Each is thrown by "
        "hand, so no two glazes are quite the same.",
        drawing="mug",
        palette="ceramic",
        weight_grams=380,
    ),
    ProductSpec(
        title="Quay Pottery Latte Mug",
        sku="HCR-MUG-LAT",
        price=26.00,
        product_type="Mug",
        vendor="Quay Pottery",
        tags=["mug", "gift"],
        description="A wide 350 ml mug for milky coffee, glazed in three colours of the "
        "harbour. Microwave and dishwasher safe.",
        drawing="mug",
        palette="ceramic",
        options=[("Glaze", [("Sea green", 0), ("Speckled white", 0), ("Rust", 0)])],
        colours={"Sea green": "#5f9e8f", "Speckled white": "#e7e1d6", "Rust": "#b4532a"},
        weight_grams=420,
    ),
    ProductSpec(
        title="Double-Wall Glass Cup",
        sku="HCR-MUG-DWG",
        price=18.00,
        product_type="Mug",
        vendor="Brewline",
        tags=["mug"],
        description="The coffee seems to float. Keeps a flat white hot and your fingers "
        "cool; 250 ml.",
        drawing="mug",
        palette="decaf",
        weight_grams=180,
    ),
    ProductSpec(
        title="Insulated Travel Tumbler",
        sku="HCR-MUG-TRV",
        price=28.00,
        product_type="Mug",
        vendor=HOUSE,
        tags=["mug", "travel", "gift"],
        description="Vacuum-insulated steel with a leak-proof slide lid. Fits under most "
        "espresso machines and in every car cup holder we tried.",
        drawing="bottle",
        palette="gear",
        options=[("Colour", [("Black", 0), ("Sand", 0)])],
        colours={"Black": "#2d2d2d", "Sand": "#cdb48e"},
        weight_grams=330,
    ),
    ProductSpec(
        title="Holiday Blend",
        sku="HCR-BLD-HOL",
        price=13.50,
        product_type="Coffee",
        vendor=HOUSE,
        tags=["coffee", "blend", "seasonal"],
        description="Coming in November: spiced plum, cocoa and orange peel.",
        drawing="bag",
        palette="ceramic",
        options=[SIZE, GRIND],
        status="draft",
        weight_grams=250,
    ),
]

COLLECTIONS = [
    CollectionSpec(
        title="Single origins",
        description="One farm or one washing station per bag, roasted to show where it grew.",
        rules=[("tag", "equals", "single-origin")],
    ),
    CollectionSpec(
        title="Brewing gear",
        description="Kettles, drippers, grinders and scales we use behind our own bar.",
        rules=[("type", "equals", "Brewing gear")],
    ),
    CollectionSpec(
        title="Gifts under 30",
        description="Good things for coffee people, all under 30.",
        rules=[("tag", "equals", "gift"), ("price", "less_than", "30")],
    ),
    CollectionSpec(
        title="Staff picks",
        description="What the roasters are drinking this month.",
        products=[
            "HCR-KEN-GAT",
            "HCR-BLD-HSE",
            "HCR-GEAR-DRP",
            "HCR-MUG-LAT",
            "HCR-RWA-KIN",
            "HCR-GEAR-KTL",
        ],
    ),
]
