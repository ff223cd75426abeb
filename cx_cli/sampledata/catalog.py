"""The sample shop's products: what appears in orders and what goes into products.yaml.

The per-SKU knobs (popularity, refund rate, typical issues) are what make the
patterns cx must find visible: two SKUs refund far above the rest, one SKU has a
missing-parts problem until a packing fix, consumables are reordered on a cycle,
and one SKU sold in the orders is deliberately left out of the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The SKU with the missing-parts spike and the packing fix (see generator.FIX_*).
FIX_SKU = "SHELF-FLOAT-3PC"
# Refund rate of FIX_SKU for orders paid before / after the fix.
FIX_RATE_BEFORE = 0.18
FIX_RATE_AFTER = 0.03
# The SKU that gets the "arrived broken" comment cluster.
CLUSTER_SKU = "BLENDER-PORT"


@dataclass(frozen=True)
class Sku:
    """One sellable SKU and the knobs that drive its simulated behaviour."""

    code: str
    sku_id: int  # 19 digits
    product_id: int  # 19 digits
    name: str
    variation: str
    category: str  # cx category
    tiktok_category: str
    price_cents: int
    weight_g: int
    popularity: float
    refund_rate: float
    short: str  # what buyers call it in comments and tickets
    issues: dict[str, float]  # ticket/refund subcategory -> weight
    poor_reviews: bool = False
    cycle_days: int | None = None
    partner: str | None = None  # often bought together / as a refill
    entry: dict[str, Any] | None = field(default=None)  # products.yaml entry; None = uncatalogued


SKUS: tuple[Sku, ...] = (
    Sku("SERUM-30ML", 1729384756102938475, 1729384756100011223,
        "Vitamin C Brightening Face Serum 30ml, Fragrance Free", "30ml", "skincare",
        "Beauty & Personal Care", 2499, 120, 0.13, 0.03, "serum",
        {"performance_assumption": 0.45, "damaged": 0.25, "color_size_perception": 0.1,
         "wrong_variant": 0.2},
        cycle_days=30, partner="CLEANSER-150",
        entry={
            "name": "Vitamin C Brightening Serum", "category": "skincare", "processing_days": 1,
            "in_the_box": ["Serum bottle (30 ml)", "Glass dropper", "Routine card"],
            "quick_start": ["Cleanse and pat your skin dry",
                            "Apply 3-4 drops to face and neck",
                            "Follow with moisturiser, and SPF in the morning"],
            "common_issue": "Slight tingling during the first week",
            "fixes": ["Use it every other day for the first week",
                      "Apply on fully dry skin",
                      "Patch test behind the ear if redness lasts more than an hour"],
            "care_tips": "Keep the cap closed and away from sunlight; the serum darkens "
                         "slightly over time, which is normal.",
            "usage_cycle_days": 30, "review_delay_days": 21,
        }),
    Sku("CLEANSER-150", 1729384756102938512, 1729384756100011301,
        "Gentle Foaming Face Cleanser 150ml", "150ml", "skincare", "Beauty & Personal Care",
        1699, 180, 0.07, 0.025, "cleanser",
        {"damaged": 0.4, "performance_assumption": 0.3, "wrong_variant": 0.3},
        cycle_days=45, partner="SERUM-30ML",
        entry={
            "name": "Gentle Foaming Cleanser", "category": "skincare", "processing_days": 1,
            "in_the_box": ["Cleanser pump bottle (150 ml)"],
            "quick_start": ["Unlock the pump by turning it left",
                            "Lather one pump with water",
                            "Massage for 30 seconds and rinse"],
            "common_issue": "Pump does not dispense",
            "fixes": ["Turn the pump head left until it pops up",
                      "Press 5-6 times to prime it"],
            "care_tips": "Close the pump lock before travelling.",
            "usage_cycle_days": 45,
        }),
    Sku("COLLAGEN-60CT", 1729384756102938603, 1729384756100011417,
        "Collagen Peptide Gummies, Strawberry, 60 Count", "60 ct", "consumable", "Health",
        2999, 250, 0.11, 0.025, "gummies",
        {"performance_assumption": 0.5, "damaged": 0.2, "wrong_variant": 0.3},
        cycle_days=30,
        entry={
            "name": "Collagen Gummies (60 ct)", "category": "consumable", "processing_days": 1,
            "in_the_box": ["Jar of 60 gummies"],
            "quick_start": ["Take two gummies a day", "Chew fully, with or without food",
                            "Give it 4-6 weeks of daily use"],
            "common_issue": "Gummies stuck together after hot delivery",
            "fixes": ["Put the jar in the fridge for 20 minutes",
                      "Store below 77°F after opening"],
            "care_tips": "Keep the jar closed in a cool, dry place.",
            "usage_cycle_days": 30,
        }),
    Sku("MOP-PAD-2PK", 1729384756102938677, 1729384756100011502,
        "Microfiber Replacement Mop Pads for Electric Spin Mop, 2 Pack", "2 Pack", "consumable",
        "Household Supplies", 1299, 90, 0.06, 0.03, "mop pads",
        {"wrong_variant": 0.4, "missing_parts": 0.2, "doesnt_work": 0.4},
        cycle_days=60,
        entry={
            "name": "Replacement Mop Pads (2-pack)", "category": "consumable",
            "processing_days": 1,
            "in_the_box": ["2 microfiber mop pads"],
            "quick_start": ["Wet the pads and wring them out",
                            "Press each pad onto the velcro disc, centred",
                            "Machine wash warm after use"],
            "common_issue": "Pads slip off the disc",
            "fixes": ["Centre the pad before pressing it on",
                      "Clean lint out of the velcro disc"],
            "care_tips": "No fabric softener; air dry.",
            "usage_cycle_days": 60,
        }),
    Sku("SPIN-MOP-KIT", 1729384756102938741, 1729384756100011588,
        "Electric Spin Mop Kit with 2 Pads and Refill Bottle", "Kit", "device",
        "Household Appliances", 5999, 1800, 0.05, 0.04, "spin mop",
        {"setup_error": 0.4, "defective": 0.3, "missing_parts": 0.3},
        partner="MOP-PAD-2PK",
        entry={
            "name": "Electric Spin Mop", "category": "device", "processing_days": 2,
            "in_the_box": ["Mop body", "Handle (2 parts)", "2 microfiber pads",
                           "Refill bottle", "USB-C charging cable"],
            "quick_start": ["Click the two handle parts together until they lock",
                            "Charge for 3 hours before first use",
                            "Fill the bottle with water only and attach the pads"],
            "common_issue": "Pads don't spin",
            "fixes": ["Check the handle is clicked fully into the body",
                      "Charge until the light turns green",
                      "Press the power button twice for high speed"],
            "care_tips": "Empty the bottle after each use.",
            "checkin": True,
        }),
    Sku("LEGGINGS-BLK-M", 1729384756102938815, 1729384756100011660,
        "High Waist Butter Soft Leggings", "Black, M", "apparel", "Womenswear & Underwear",
        2200, 220, 0.10, 0.14, "leggings",
        {"sizing_fit": 0.6, "color_size_perception": 0.3, "wrong_variant": 0.1},
        poor_reviews=True,
        entry={
            "name": "Butter Soft Leggings", "category": "apparel", "processing_days": 1,
            "in_the_box": ["1 pair of leggings"],
            "quick_start": ["Check the size chart against your waist measurement",
                            "Wash inside out before first wear", "Hang dry"],
            "common_issue": "Runs small in the waist",
            "fixes": ["Size up if between sizes",
                      "Exchange through the platform's return flow"],
            "care_tips": "Cold wash inside out, no dryer.",
        }),
    Sku("HOODIE-OAT-L", 1729384756102938902, 1729384756100011733,
        "Oversized Fleece Hoodie", "Oat, L", "apparel", "Womenswear & Underwear", 3800, 650,
        0.05, 0.04, "hoodie",
        {"sizing_fit": 0.5, "color_size_perception": 0.4, "wrong_variant": 0.1},
        entry={
            "name": "Oversized Fleece Hoodie", "category": "apparel", "processing_days": 2,
            "in_the_box": ["1 hoodie"],
            "quick_start": ["Check the size chart - it is cut oversized",
                            "Wash cold before first wear", "Tumble dry low"],
            "common_issue": "Colour looks lighter than on video",
            "fixes": ["Compare with the daylight photo in the listing"],
            "care_tips": "Wash cold with similar colours.",
        }),
    Sku("BLENDER-PORT", 1729384756102938977, 1729384756100011809,
        "Portable Blender 380ml, USB-C Rechargeable", "Pink", "device", "Kitchenware", 3499,
        600, 0.11, 0.15, "blender",
        {"defective": 0.5, "damaged": 0.3, "doesnt_work": 0.2},
        poor_reviews=True,
        entry={
            "name": "Portable Blender", "category": "device", "processing_days": 1,
            "in_the_box": ["Blender cup with lid", "Blade base", "USB-C cable", "Manual"],
            "quick_start": ["Charge for 3 hours before first use",
                            "Screw the cup onto the base until the arrow lines up",
                            "Press the button twice to start"],
            "common_issue": "Will not start",
            "fixes": ["Line up the arrows - the safety lock stops it otherwise",
                      "Press the button twice, not once",
                      "Charge with a 5V adapter until the light is solid"],
            "care_tips": "Rinse the blades right after use; never submerge the base.",
        }),
    Sku("PHONE-MOUNT-MAG", 1729384756102939054, 1729384756100011890,
        "Magnetic Car Phone Mount for Dashboard", "Black", "accessory", "Phones & Electronics",
        1999, 150, 0.06, 0.03, "phone mount",
        {"doesnt_work": 0.5, "setup_error": 0.3, "damaged": 0.2},
        entry={
            "name": "Magnetic Car Phone Mount", "category": "accessory", "processing_days": 1,
            "in_the_box": ["Mount", "2 metal plates", "Alcohol wipe"],
            "quick_start": ["Clean the dashboard with the wipe",
                            "Press the mount on for 30 seconds",
                            "Wait 24 hours before putting a phone on it"],
            "common_issue": "Falls off the dashboard",
            "fixes": ["Clean the surface with the wipe first",
                      "Let the adhesive cure for 24 hours"],
            "care_tips": "Avoid textured dashboards.",
        }),
    Sku("LED-STRIP-5M", 1729384756102939123, 1729384756100011972,
        "Smart LED Strip Lights 5m with App Control", "5m, RGB", "device", "Lighting", 2199, 300,
        0.05, 0.05, "LED lights",
        {"defective": 0.4, "setup_error": 0.4, "doesnt_work": 0.2},
        poor_reviews=True,
        entry={
            "name": "Smart LED Strip (5 m)", "category": "device", "processing_days": 1,
            "in_the_box": ["5 m LED strip", "Controller", "Power adapter", "Remote", "Clips"],
            "quick_start": ["Plug in the controller and adapter",
                            "Open the app and add a device on 2.4 GHz Wi-Fi",
                            "Stick the strip on a clean, dry surface"],
            "common_issue": "App won't pair",
            "fixes": ["Use 2.4 GHz Wi-Fi, not 5 GHz",
                      "Hold the controller button 5 seconds to reset"],
            "care_tips": "Do not cut the strip except at the marked lines.",
        }),
    Sku(FIX_SKU, 1729384756102939208, 1729384756100012045,
        "Floating Wall Shelves, Set of 3, Walnut", "Walnut", "other", "Home Supplies", 3299,
        2400, 0.14, 0.035, "shelves",
        {"missing_parts": 0.5, "damaged": 0.4, "setup_error": 0.1},
        entry={
            "name": "Floating Wall Shelves (set of 3)", "category": "other",
            "processing_days": 2,
            "in_the_box": ["3 shelves", "3 hidden brackets", "12 screws", "12 wall anchors",
                           "Mini level"],
            "quick_start": ["Mark the bracket holes with the mini level",
                            "Use the anchors on drywall",
                            "Slide the shelf over the bracket rods"],
            "common_issue": "Screws or anchors missing",
            "fixes": ["Check under the foam insert for the hardware bag",
                      "Message us a photo and we send a hardware kit"],
            "care_tips": "Max 15 lb per shelf; wipe with a dry cloth.",
        }),
    Sku("TOTE-CANVAS", 1729384756102939286, 1729384756100012127,
        "Heavy Canvas Tote Bag with Inner Pocket", "Natural", "accessory", "Luggage & Bags",
        1800, 300, 0.03, 0.02, "tote",
        {"color_size_perception": 0.6, "damaged": 0.4},
        entry={
            "name": "Canvas Tote Bag", "category": "accessory", "processing_days": 1,
            "in_the_box": ["1 tote bag"],
            "quick_start": ["Shake out the creases", "Steam or iron on low",
                            "Spot clean only"],
            "common_issue": "Creased on arrival",
            "fixes": ["Hang it in a steamy bathroom for 10 minutes"],
            "care_tips": "Spot clean, air dry.",
            "locale": "es",
        }),
    # Sold, but missing from products.yaml on purpose: cx must fall back to defaults.
    Sku("SCRUNCHIE-6PK", 1729384756102939371, 1729384756100012203,
        "Silk Satin Scrunchies, 6 Pack", "Neutrals", "accessory", "Fashion Accessories", 1199,
        60, 0.04, 0.02, "scrunchies",
        {"color_size_perception": 0.5, "wrong_variant": 0.5}),
)

# (anchor SKU, reordered SKU, cycle days, share of anchor buyers who reorder)
REORDERS: tuple[tuple[str, str, int, float], ...] = (
    *((s.code, s.code, s.cycle_days, 0.38) for s in SKUS if s.cycle_days),
    ("SPIN-MOP-KIT", "MOP-PAD-2PK", 60, 0.3),
)


def catalog_yaml_dict() -> dict[str, dict[str, Any]]:
    """products.yaml content: every catalogued SKU keyed by seller SKU."""
    return {s.code: dict(s.entry) for s in SKUS if s.entry is not None}
