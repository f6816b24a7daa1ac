"""The demo shops' catalogues, by the name ``seed_demo`` gives them."""

from demo.catalogs import atlas, harbour
from demo.catalogs.spec import Catalog, CollectionSpec, ProductSpec

CATALOGS = {
    "harbour": Catalog("harbour", harbour.PRODUCTS, harbour.COLLECTIONS),
    "atlas": Catalog("atlas", atlas.PRODUCTS, atlas.COLLECTIONS),
}

__all__ = ["CATALOGS", "Catalog", "CollectionSpec", "ProductSpec"]
