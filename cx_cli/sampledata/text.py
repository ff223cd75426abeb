"""Text pools for the sample data: names, places, buyer messages, tickets, reviews, comments.

All text is written for cx. Pools are plain tuples so the generators can pick from
them with numpy indices (one Python loop per template, never per row).
`{product}` in a template is replaced by the product's short name.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Mia", "Olivia", "Ava", "Sophia", "Jasmine", "Kayla", "Brianna", "Destiny", "Emily",
    "Hannah", "Madison", "Lauren", "Jessica", "Ashley", "Taylor", "Chloe", "Maria", "Ana",
    "Gabriela", "Sofia", "Priya", "Aisha", "Mei", "Linh", "Grace", "Nora", "Zoe", "Riley",
    "Jordan", "Alex", "Sam", "Chris", "Marcus", "Tyler", "Jamal", "Diego", "Luis", "Kevin",
    "Brandon", "Ethan", "Noah", "Ryan", "Andre", "Darnell", "Miguel", "Jose", "David",
    "Samantha", "Rachel", "Tiana", "Keisha", "Paige", "Megan", "Brooke", "Haley", "Amber",
)

LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
    "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
    "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
    "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Patel",
)

STREETS = (
    "Maple", "Oak", "Cedar", "Pine", "Elm", "Birch", "Willow", "Sunset", "Lakeview",
    "Highland", "Park", "Washington", "Lincoln", "Jefferson", "Madison", "Franklin",
    "Magnolia", "Hillcrest", "Ridge", "River", "Meadow", "Spring", "Valley", "Church",
    "Mill", "Forest", "Chestnut", "Walnut", "Sycamore", "Dogwood",
)
STREET_SUFFIXES = ("St", "Ave", "Rd", "Dr", "Ln", "Ct", "Blvd", "Way", "Pl", "Ter")
ADDRESS_LINE_2 = ("Apt 2B", "Apt 4", "Unit 12", "Apt 305", "Suite 200", "Unit B", "Apt 7C",
                  "Apt 1A", "Unit 6", "Apt 18")

# (city, state, zip prefix, area code, sales tax per mille)
PLACES = (
    ("Los Angeles", "California", "900", "213", 95), ("San Diego", "California", "921", "619", 78),
    ("Fresno", "California", "937", "559", 80), ("Sacramento", "California", "958", "916", 88),
    ("Houston", "Texas", "770", "713", 83), ("Dallas", "Texas", "752", "214", 83),
    ("San Antonio", "Texas", "782", "210", 83), ("Austin", "Texas", "787", "512", 83),
    ("Miami", "Florida", "331", "305", 70), ("Orlando", "Florida", "328", "407", 65),
    ("Tampa", "Florida", "336", "813", 75), ("Jacksonville", "Florida", "322", "904", 75),
    ("Brooklyn", "New York", "112", "718", 89), ("Buffalo", "New York", "142", "716", 88),
    ("Chicago", "Illinois", "606", "312", 103), ("Atlanta", "Georgia", "303", "404", 89),
    ("Charlotte", "North Carolina", "282", "704", 73), ("Phoenix", "Arizona", "850", "602", 86),
    ("Las Vegas", "Nevada", "891", "702", 84), ("Denver", "Colorado", "802", "303", 88),
    ("Seattle", "Washington", "981", "206", 103), ("Portland", "Oregon", "972", "503", 0),
    ("Columbus", "Ohio", "432", "614", 75), ("Detroit", "Michigan", "482", "313", 60),
    ("Philadelphia", "Pennsylvania", "191", "215", 80), ("Newark", "New Jersey", "071", "973", 66),
    ("Nashville", "Tennessee", "372", "615", 93), ("Memphis", "Tennessee", "381", "901", 93),
    ("Baltimore", "Maryland", "212", "410", 60), ("Boston", "Massachusetts", "021", "617", 63),
    ("Minneapolis", "Minnesota", "554", "612", 80), ("New Orleans", "Louisiana", "701", "504", 95),
    ("Salt Lake City", "Utah", "841", "801", 77), ("Albuquerque", "New Mexico", "871", "505", 78),
    ("Birmingham", "Alabama", "352", "205", 100), ("Louisville", "Kentucky", "402", "502", 60),
)

PAYMENT_METHODS = ("Credit card", "Debit card", "PayPal", "Apple Pay", "Google Pay", "Afterpay")
PAYMENT_WEIGHTS = (0.38, 0.2, 0.16, 0.14, 0.07, 0.05)

ORDER_CHANNELS = ("Video", "LIVE", "Shop tab", "Product card", "Search")
ORDER_CHANNEL_WEIGHTS = (0.38, 0.18, 0.2, 0.12, 0.12)
CREATOR_HANDLES = (
    "@glowwithmia", "@cleanwithkay", "@dealsbydre", "@homehacks.tina", "@skincarebyjas",
    "@thefitclosetco", "@kitchenfinds.lu", "@momlife.rae", "@techunder30", "@cozycornerbri",
)

BUYER_MESSAGES = (
    "Please leave the package at the side door, thanks!",
    "It's a gift, please don't include the receipt.",
    "Can you ship this by Friday? Birthday on Saturday",
    'Hi! If possible, could you add a note that says "Happy birthday, Jess"? Thank you',
    "Please double check the size, I need a Medium, not a Large.",
    "Do not ring the doorbell,\nbaby sleeping. Thanks so much!",
    "First time ordering, saw you on a LIVE. So excited",
    "Please pack carefully, my last order from another shop came crushed.",
    "Combine with my other order if you can, thanks",
    "Apt buzzer is broken, leave it with the front desk.",
    "Ship ASAP please!!",
    "Can I get the black one instead of the grey? If not, no worries.",
    'The name on the mailbox says "Ortega", not my username, just FYI.',
    "Hi,\nI ordered the wrong color yesterday, please cancel that one and keep this one.\n"
    "Thanks, Lauren",
    "Gift for my mom, she's going to love it",
    "Need this before the 20th, traveling after that.",
    "Leave it behind the planter, porch pirates around here",
    "Thank you, small businesses rock!",
    "Is this the new formula or the old one? I prefer the new one, thanks.",
    "Shipping to my work address, the front desk will sign.",
    'Deliver to unit "B" in the back, not the main house.',
    "no plastic please, trying to cut down",
    "Hello, could you write the gift note in Spanish? \"Feliz cumpleaños, mamá\"",
    "2nd order!! love the first one, this one is for my sister",
)

DELIVERY_INSTRUCTIONS = (
    "Leave at front door", "Leave with doorman", "Deliver to back porch",
    "Place inside screen door", "Leave at mailroom", "Ring bell on arrival",
    "Leave behind the gate, code 4471", "Do not leave in the rain",
)

SELLER_NOTES = (
    "Repeat buyer - add thank-you card", "Address confirmed with buyer", "Add sample sachet",
    "Double-check hardware bag", "Gift order, no invoice",
)

CANCEL_REASONS_USER = (
    "No longer needed", "Ordered by mistake", "Need to change delivery address",
    "Found a better price elsewhere", "Need to change payment method",
)
CANCEL_REASONS_SELLER = ("Out of stock", "Pricing error", "Unable to ship to this address")

RETURN_REASONS = (
    "Product wouldn't arrive on time",
    "Package wasn't received",
    "Package received but missing item",
    "Damaged item or packaging",
    "Defective item",
    "Missing or broken parts",
    "Item doesn't match description",
    "Wrong item was sent",
)

# --- tickets -----------------------------------------------------------------------------

TICKET_SUBCATEGORIES = (
    ("shipping", "tracking_not_updating"),
    ("shipping", "delivered_not_received"),
    ("shipping", "wrong_address"),
    ("product_issue", "damaged"),
    ("product_issue", "missing_parts"),
    ("product_issue", "defective"),
    ("product_issue", "wrong_variant"),
    ("usage", "doesnt_work"),
    ("usage", "sizing_fit"),
    ("usage", "setup_error"),
    ("expectation_mismatch", "color_size_perception"),
    ("expectation_mismatch", "performance_assumption"),
    ("", "general"),  # pre-sale questions: never tagged, no rule should fire
)
SUB_INDEX = {sub: i for i, (_, sub) in enumerate(TICKET_SUBCATEGORIES)}

ROOT_CAUSES = {
    "tracking_not_updating": ("carrier_delay", "late_handover"),
    "delivered_not_received": ("carrier_misdelivery",),
    "wrong_address": ("buyer_address_error",),
    "damaged": ("packaging", "carrier_handling"),
    "missing_parts": ("packing_error",),
    "defective": ("manufacturing_defect",),
    "wrong_variant": ("picking_error",),
    "doesnt_work": ("user_error", "manufacturing_defect"),
    "sizing_fit": ("size_chart",),
    "setup_error": ("unclear_instructions",),
    "color_size_perception": ("listing_photos",),
    "performance_assumption": ("listing_claims",),
    "general": ("",),
}
ORDER_REF = " Order #"  # before an order ID at the end of a ticket

TICKET_SUBJECTS = {
    "tracking_not_updating": ("Tracking hasn't moved", "Where is my order?", "tracking stuck",
                              "Package not moving", "No update on my shipment", "order status??"),
    "delivered_not_received": ("Marked delivered but not received", "Never got my package",
                               "Says delivered - it's not here", "Missing package"),
    "wrong_address": ("Change shipping address", "Wrong address on my order", "Address typo",
                      "Need to update my address"),
    "damaged": ("Arrived damaged", "Broken on arrival", "Item cracked", "damaged in shipping"),
    "missing_parts": ("Missing parts", "Missing screws", "Parts not included",
                      "missing hardware", "Incomplete box"),
    "defective": ("Defective item", "Stopped working", "Product faulty", "Won't turn on"),
    "wrong_variant": ("Wrong item sent", "Wrong color", "Received the wrong size",
                      "Not what I ordered"),
    "doesnt_work": ("Doesn't work", "Not working", "Help, can't get it working", "it wont work"),
    "sizing_fit": ("Size exchange", "Doesn't fit", "Sizing question", "too small"),
    "setup_error": ("Setup help", "Can't pair with the app", "Assembly question",
                    "How to install?"),
    "color_size_perception": ("Color not as pictured", "Smaller than expected",
                              "Doesn't look like the photos"),
    "performance_assumption": ("Not seeing results", "Not what I expected",
                               "Weaker than advertised"),
    "general": ("Question", "Pre-sale question", "Hello", "Restock?", "quick question"),
}

TICKET_MESSAGES = {
    "tracking_not_updating": (
        "Hi, my tracking has said label created for 4 days now. Has my {product} actually "
        "shipped?",
        "tracking hasnt updated since monday, is it lost?? ordered the {product} over a week ago",
        "The tracking number you gave me shows no movement at all. Can you check with the "
        "carrier please?",
        "It's been stuck in transit at the same facility for 6 days. I need this soon, what's "
        "going on?",
        "Hello, just checking on my order. The tracking page says pre-shipment and nothing "
        "since. Thanks",
        "my package is stuck?? tracking says in transit forever",
        "Carrier website shows no scans after it left your warehouse. Can you look into it?",
        "Any update on my {product}? The tracking hasn't changed in a week.",
    ),
    "delivered_not_received": (
        "Tracking says delivered yesterday but there's nothing at my door or in the mailbox. "
        "I checked with the neighbors too.",
        "It says delivered but I never got it!! Where is my {product}?",
        "Hi, my order shows as delivered but I didn't receive anything. Can you help?",
        "package marked delivered, not here. i was home all day",
        "The delivery photo is not my house. The order never arrived.",
    ),
    "wrong_address": (
        "I put the wrong address, I moved last month! Can you change it before it ships?",
        "Please update my shipping address, there's a typo in the street number",
        "Wrong apartment number on my order, it should be 12B not 21B. Has it shipped yet?",
        "Can I change the address? It's going to my old house",
    ),
    "damaged": (
        "My {product} arrived broken. The box was crushed and it's cracked down the side. "
        "Photos attached.",
        "Item came damaged, there's a big dent and it leaks.",
        "Hi - the {product} showed up with a cracked lid, can I get a replacement?",
        "box was soaked and the {product} inside is scratched up. not happy",
        "It arrived shattered, pieces everywhere in the package.",
        "the {product} arived damaged, corner is smashed in",
    ),
    "missing_parts": (
        "The {product} came without the screws and wall anchors, so I can't hang anything. "
        "Can you send them?",
        "Box was missing pieces - only 2 brackets instead of 3.",
        "missing parts!! no hardware in the bag at all",
        "Hi, I opened my {product} and the mounting kit isn't in there. The manual says it "
        "should be included.",
        "Where are the screws?? Instructions show a bag of hardware and mine didnt have one",
        "Part of my order is missing, I only got one piece of the set.",
    ),
    "defective": (
        "My {product} stopped working after two days. It won't turn on anymore even when "
        "charged.",
        "It's defective - makes a grinding noise and then shuts off.",
        "The {product} worked once and now nothing. Tried a different outlet and cable.",
        "the {product} is defective out of the box, nothing happens at all",
        "Battery dies in like 5 minutes, this can't be normal",
        "stoped working on day 3. please advise",
    ),
    "wrong_variant": (
        "I ordered black but received grey.",
        "Wrong size sent, I ordered a M and got an L.",
        "You sent the wrong item, this isn't the {product} I ordered.",
        "Got the wrong color :( can I exchange?",
    ),
    "doesnt_work": (
        "I can't get the {product} to work. I followed the instructions and nothing happens.",
        "doesnt work?? pressed the button a bunch and nothing",
        "How do I make it work? It just blinks red.",
        "The {product} doesn't work the way it did in the video. Am I doing something wrong?",
        "It won't stick or hold at all, is mine broken?",
    ),
    "sizing_fit": (
        "The {product} runs really small, I usually wear a M and it's tight. Can I exchange "
        "for an L?",
        "Too big in the waist, what size should I get instead?",
        "Sizing is off compared to the chart. Can I swap sizes?",
        "fits weird, the length is way too short for me (5'9)",
    ),
    "setup_error": (
        "How do I set this up? The instructions are confusing and the app won't pair.",
        "Can't get it to connect to the app, it keeps saying pairing failed.",
        "Need help assembling the {product}, step 3 doesn't make sense.",
        "How do you install it? Which way does the pad go on",
        "the instrucions are not clear, cant figure out how to mount the {product}",
    ),
    "color_size_perception": (
        "The color is way different than the photos. It looks more brown than the pink in the "
        "video.",
        "Smaller than I expected from the pictures, kind of disappointed.",
        "Looks nothing like the listing, the shade is much darker in person.",
        "The {product} is a lot smaller than it looked in the video",
    ),
    "performance_assumption": (
        "I've used the {product} for 2 weeks and I don't see any difference. The video said "
        "results in 7 days.",
        "Expected it to be stronger, it barely does anything.",
        "Not as powerful as advertised, it can't even crush ice.",
        "Does it really take a month to see results? I thought it would be faster.",
    ),
    "general": (
        "Do you ship to Alaska?",
        "Will the oat hoodie be restocked in XL?",
        "Is the serum okay to use during pregnancy?",
        "Do you have a discount code for first orders?",
        "hi",
        "Are your products cruelty free?",
        "Can I pick up my order locally?",
    ),
}

# --- reviews ------------------------------------------------------------------------------

REVIEW_SHORT = {
    "pos": ("Love it!", "Perfect", "Great quality", "Works great", "Obsessed 😍",
            "10/10 would buy again", "So cute", "Exactly as described",
            "Fast shipping, great product", "My new favorite", "Worth every penny",
            "Highly recommend", "love love love", "Good value", "Super happy with it",
            "As pictured. Happy.", "Arrived fast and works well", "yes!!"),
    "mid": ("It's okay", "Decent for the price", "Not bad", "Fine, nothing special", "Meh",
            "Does the job", "Smaller than I expected", "Took a while to arrive",
            "okay I guess"),
    "neg": ("Broke after a week", "Don't buy", "Cheap quality", "Waste of money",
            "Arrived damaged", "Not as described", "Didn't work", "Missing pieces",
            "Very disappointed", "returning it"),
}

REVIEW_SENTENCES = {
    "pos": (
        "I was skeptical after seeing it on a live, but it actually delivers.",
        "Shipping was quicker than I expected and everything was packed well.",
        "I've used it every day for two weeks and it still looks brand new.",
        "Bought one for myself and ended up ordering another as a gift.",
        "The quality feels way more expensive than what I paid.",
        "Support answered my question the same afternoon.",
        "Honestly better than the name brand one I had before.",
        "It arrived in three days and matched the photos exactly.",
        "My whole family keeps borrowing it.",
        "Would absolutely order from this shop again.",
    ),
    "mid": (
        "It works, but the instructions could be a lot clearer.",
        "Shipping took longer than the estimate.",
        "Good product overall, although the packaging was a bit beat up.",
        "I'd give it five stars if it came in more colors.",
        "It's fine for the price, just don't expect miracles.",
        "Took me a while to figure out, now it's okay.",
    ),
    "neg": (
        "It stopped working within a week and I'm waiting on a refund.",
        "The box was crushed when it arrived.",
        "Honestly it looks nothing like the video.",
        "I contacted support and I'm still waiting on a real answer.",
        "Save your money and buy something sturdier.",
        "Feels cheap and flimsy in person.",
        "I wanted to love it but it just didn't work for me.",
    ),
}

# --- comments -----------------------------------------------------------------------------

COMMENT_KINDS = ("praise", "question", "complaint", "spam", "abuse", "doxxing", "other")
COMMENT_WEIGHTS = (0.42, 0.22, 0.16, 0.08, 0.06, 0.02, 0.04)

COMMENTS = {
    "praise": (
        "this is sick 🔥", "insane quality for the price", "just got mine and I'm obsessed",
        "ok the {product} hit different", "need this asap", "bought two, no regrets",
        "best purchase this year fr", "got my {product} yesterday, even better in person",
        "W product", "the way I ran to add to cart", "quality is unreal",
        "obsessed with this brand", "came in 3 days, love it", "10/10 recommend",
        "my mom loved hers", "ngl worth every penny",
    ),
    "question": (
        "does it come in blue?", "how long does shipping take", "does it ship to Canada?",
        "what size should I get if I'm 5'4?", "{product} waterproof or nah?",
        "when is the restock??", "is this dishwasher safe?",
        "does it come with a charger?", "how many ml is it?",
        "can you use it on sensitive skin?", "how do you clean it?",
        "any sale on the {product} soon?",
    ),
    "complaint": (
        "my {product} arrived broken and nobody is answering",
        "scam. paid 2 weeks ago and still nothing",
        "{product} not working at all, total waste",
        "ordered 3 weeks ago and it's still in transit",
        "missing parts in my {product} box, no screws at all",
        "this is a scam don't buy",
        "my {product} stopped working after 2 days",
        "still waiting on my refund for the {product}",
        "shipping is so slow, ordered on the 2nd",
        "got the wrong color and no reply from the shop",
    ),
    "spam": (
        "check my profile for free followers 🔥", "Follow me I follow back!!",
        "get 10k followers fast, link in bio", "FREE iPhone giveaway check my page",
        "earn $500/day from home, DM me", "visit cheap-likes.example.net for free likes",
        "promo on my page 👀👀",
    ),
    "abuse": (
        "you are a bunch of clowns", "worst company ever, you people are idiots",
        "lol this brand is a joke and so are the owners", "nobody cares, clown shop",
        "shut up and stop posting", "what a loser product from losers",
        "the host is so annoying, get off my feed",
    ),
    "doxxing": (
        "this the owner? call her at 555-0147 and tell her what you think",
        "her personal email is jenna.kade@mailbox.example, go spam it",
        "the guy in the video lives on 18 Alder Court lol",
        "text the warehouse manager at 555-0182, he deserves it",
        "found the owner's number 555-0119, blow it up",
    ),
    "other": (
        "first", "who's here from the live?", "😂😂😂", "the music in this video 🎶",
        "lol my cat", "tag someone who needs this", "watching at 2am again",
    ),
}

DEFECT_CLUSTER = (
    "my {product} arrived broken, the jar is cracked",
    "mine arrived broken too 😭 cracked base",
    "third {product} from here that arrived with a cracked lid, what is going on",
    "my {product} came smashed in the box",
    "arrived broken. the blade housing snapped off",
)

HANDLE_PARTS_A = ("glow", "mia", "real", "jay", "sunny", "cozy", "beauty", "tay", "kai", "luna",
                  "nate", "bri", "mama", "home", "daily", "its", "just", "lex", "dre", "vee")
HANDLE_PARTS_B = ("vibes", "life", "finds", "girl", "dad", "hacks", "daily", "official", "xo",
                  "tok", "mode", "rose", "moon", "eats", "fit")
HANDLE_SEPS = ("", "_", ".", "")

# Per-SKU detail sentences for longer reviews: (positive, negative).
REVIEW_DETAILS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "SERUM-30ML": (("My skin looks brighter and the dark spots are slowly fading.",
                    "It absorbs fast and doesn't pill under makeup."),
                   ("It broke me out around my chin.", "The dropper leaked all over the box.")),
    "CLEANSER-150": (("Super gentle, my face doesn't feel tight after washing.",
                      "A little goes a long way, one pump is plenty."),
                     ("The pump stopped working halfway through the bottle.",
                      "It left my skin feeling dry.")),
    "COLLAGEN-60CT": (("They taste like strawberry candy, not medicine.",
                       "My nails are noticeably stronger after a month."),
                      ("The gummies were melted into one big lump.",
                       "Way too sweet for me and I saw no difference.")),
    "MOP-PAD-2PK": (("The pads fit my spin mop perfectly and wash well.",
                     "They pick up way more dirt than the originals."),
                    ("They slide off the disc while mopping.",
                     "Started shedding lint after two washes.")),
    "SPIN-MOP-KIT": (("Cleaned my whole kitchen floor in ten minutes.",
                      "The battery lasts through the entire apartment."),
                     ("The pads stopped spinning after a week.",
                      "The handle wobbles and keeps coming loose.")),
    "LEGGINGS-BLK-M": (("Buttery soft and not see-through when I squat.",
                        "The high waist actually stays up during workouts."),
                       ("They run at least a size small.",
                        "See-through in bright light, not squat proof at all.")),
    "HOODIE-OAT-L": (("Thick, cozy and the oversized fit is perfect.",
                      "The oat color is such a nice neutral."),
                     ("The color is much lighter than in the video.",
                      "It pilled after the first wash.")),
    "BLENDER-PORT": (("Makes a smoothie with frozen fruit in under a minute.",
                      "Charges with my phone cable, so handy at work."),
                     ("It stopped charging after a few uses.",
                      "Arrived with a crack in the cup and leaked everywhere.")),
    "PHONE-MOUNT-MAG": (("The magnet is strong, my phone doesn't move on bumpy roads.",
                         "Took two minutes to install."),
                        ("It fell off the dash on a hot day.",
                         "The magnet is too weak for a phone with a case.")),
    "LED-STRIP-5M": (("The colors are bright and the app is easy to use.",
                      "My room looks amazing at night now."),
                     ("Half the strip stopped lighting up after a week.",
                      "The app would not pair no matter what I tried.")),
    "SHELF-FLOAT-3PC": (("The walnut finish looks really high end.",
                         "They hold my plants and books without sagging."),
                        ("No screws or anchors in the box, had to buy my own.",
                         "One shelf came with a dented corner.")),
    "TOTE-CANVAS": (("Sturdy canvas, fits my laptop and groceries.",
                     "The inner pocket is perfect for keys."),
                    ("Smaller than it looked in the photos.",
                     "The strap stitching came loose quickly.")),
    "SCRUNCHIE-6PK": (("Soft and no creases in my hair the next morning.",
                       "The neutral colors go with everything."),
                      ("The colors are duller than pictured.",
                       "Two of them lost their stretch fast.")),
}

REVIEW_CLOSERS = {
    "pos": ("Would buy again.", "Already recommended it to friends.", "Five stars from me.",
            "No complaints at all."),
    "mid": ("Might buy again if it goes on sale.", "It's fine.", "Just okay overall."),
    "neg": ("Returning it.", "Would not buy again.", "Really disappointed.",
            "Not worth the money."),
}
