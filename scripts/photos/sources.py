"""The photographs of the photo corpus: where each one is, who took it, under which licence.

Every entry was looked at (rendered art, logos, screenshots and composites were left out) and its
licence read from the package's /usr/share/doc/PACKAGE/copyright, or from the upstream notice
named in `where` when the package's copyright file covers the images only by a `Files: *` stanza.
docs/CORPUS-PHOTOS.md has the table and what was left out, and why.
"""

from collections import namedtuple

Photo = namedtuple("Photo", "key package path author licence")

# Packages: what each one is, and where its licence for the images below is stated.
PACKAGES = {
    "lomiri-wallpapers-16.04": "Ubuntu Touch 16.04 wallpapers; per-file licences in debian/copyright",
    "lomiri-wallpapers-20.04": "Ubuntu Touch 20.04 wallpapers; per-file licences in debian/copyright",
    "mate-backgrounds": "MATE nature backgrounds; per-file stanzas in debian/copyright",
    "plasma-workspace-wallpapers": "KDE Plasma wallpapers; debian/copyright Files: * GPL-2+, "
                                   "each wallpaper's metadata.desktop says LGPLv3",
    "lxqt-themes": "LXQt wallpapers; debian/copyright Files: * LGPL-2.1+, "
                   "/usr/share/lxqt/wallpapers/License says CC-BY-SA-3.0",
    "palapeli-data": "Palapeli's jigsaw photos (from Wikimedia Commons); each .desktop file gives "
                     "author and licence, debian/copyright Files: * GPL-2+",
    "puzzle-jigsaw": "puzzle-jigsaw's sample photos (Pexels, 2016-2017); debian/copyright Files: samples/* CC0-1.0",
    "sddm-theme-maldives": "the Maldives login theme's background; debian/copyright Files: * GPL-2+",
    "python3-skimage": "scikit-image's bundled sample images; licence in each loader's docstring "
                       "(skimage/data/_fetchers.py), debian/copyright Files: * BSD-3-Clause",
    "python3-scipy": "scipy.misc's sample images; debian/copyright: ascent.dat public-domain, "
                     "face.dat under Files: * BSD-3-clause, docstring: public-domain-image.com",
    "python3-sklearn": "scikit-learn's load_sample_images; datasets/images/README.txt says CC-BY-2.0",
    "python-matplotlib-data": "matplotlib's sample data; debian/copyright Files: * (matplotlib licence); "
                              "a U.S. Navy photograph (1984), public domain as a U.S. government work",
}

_L16 = "/usr/share/backgrounds/"
_MATE = "/usr/share/backgrounds/mate/nature/"
_KDE = "/usr/share/wallpapers/{}/contents/images/2560x1600.jpg"
_LXQT = "/usr/share/lxqt/wallpapers/"
_SK = "/usr/lib/python3/dist-packages/skimage/data/"
_KDE_LICENCE = "LGPL-3 (metadata.desktop); GPL-2+ (debian/copyright)"
_LXQT_LICENCE = "CC-BY-SA-3.0 (wallpapers/License); LGPL-2.1+ (debian/copyright)"

PHOTOS = [
    # lomiri-wallpapers-16.04 (umang_by_Abhishek_Mudgal is rendered art: left out)
    Photo("lomiri-bridge", "lomiri-wallpapers-16.04", _L16 + "Bridge_by_Sander_Klootwijk.jpg", "Sander Klootwijk", "CC-BY-SA-4.0"),
    Photo("lomiri-dragonfly", "lomiri-wallpapers-16.04", _L16 + "Dragonfly_by_Bolly.jpg", "Bolly", "CC-BY-SA-4.0"),
    Photo("lomiri-fig", "lomiri-wallpapers-16.04", _L16 + "Picture_0B_by_freespace.jpg", "Trevor (freespace)", "CC-BY-4.0"),
    Photo("lomiri-brushes", "lomiri-wallpapers-16.04", _L16 + "Picture_1A_by_freespace.jpg", "Trevor (freespace)", "CC-BY-4.0"),
    Photo("lomiri-wine", "lomiri-wallpapers-16.04", _L16 + "Wine_by_Jakkub_Mede.jpg", "Jakub Mede", "CC-BY-4.0"),
    Photo("lomiri-aitzgorri", "lomiri-wallpapers-16.04", _L16 + "aitzgorri_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    Photo("lomiri-analogpattern", "lomiri-wallpapers-16.04", _L16 + "analogpattern_by_Peter_Nerlich.jpg", "Peter Nerlich", "CC-BY-SA-4.0"),
    Photo("lomiri-free", "lomiri-wallpapers-16.04", _L16 + "free_by_Peter_Nerlich.jpg", "Peter Nerlich", "CC-BY-SA-4.0"),
    Photo("lomiri-friends", "lomiri-wallpapers-16.04", _L16 + "friends_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    Photo("lomiri-greentock", "lomiri-wallpapers-16.04", _L16 + "greentock_by_Peter_Nerlich.jpg", "Peter Nerlich", "CC-BY-SA-4.0"),
    Photo("lomiri-life", "lomiri-wallpapers-16.04", _L16 + "life_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    Photo("lomiri-picosdeeuropa", "lomiri-wallpapers-16.04", _L16 + "picosdeeuropa_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    Photo("lomiri-seeding", "lomiri-wallpapers-16.04", _L16 + "seeding_by_Clements_Engelhardt.jpg", "Clemens Engelhardt", "CC0-1.0"),
    Photo("lomiri-sunset", "lomiri-wallpapers-16.04", _L16 + "sunset_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    # lomiri-wallpapers-20.04 (Fossa, Infinite-Sea, Painting-Colors are rendered or composited: left out)
    Photo("lomiri-kleiber", "lomiri-wallpapers-20.04", _L16 + "Kleiber_by_Lukas_Baubkus.jpg", "Lukas Baubkus", "CC-BY-SA-3.0"),
    # mate-backgrounds, nature/ (abstract/ and desktop/ are rendered art)
    Photo("mate-aqua", "mate-backgrounds", _MATE + "Aqua.jpg", "Charles Barbin", "GPL-2+"),
    Photo("mate-blinds", "mate-backgrounds", _MATE + "Blinds.jpg", "Lennart Poettering, Andrea Cimitan", "GPL-2+"),
    Photo("mate-dune", "mate-backgrounds", _MATE + "Dune.jpg", "Marco Cogoni, Hylke Bons", "GPL-2+"),
    Photo("mate-freshflower", "mate-backgrounds", _MATE + "FreshFlower.jpg", "Jens Ansorg", "GPL-2+"),
    Photo("mate-garden", "mate-backgrounds", _MATE + "Garden.jpg", "Charles Barbin", "GPL-2+"),
    Photo("mate-greenmeadow", "mate-backgrounds", _MATE + "GreenMeadow.jpg", "Timothy Schellhase, Lapo Calamandrei", "GPL-2+"),
    Photo("mate-ladybird", "mate-backgrounds", _MATE + "LadyBird.jpg", "Charles Barbin", "GPL-2+"),
    Photo("mate-raindrops", "mate-backgrounds", _MATE + "RainDrops.jpg", "blackcombwhistler07", "GPL-2+"),
    Photo("mate-storm", "mate-backgrounds", _MATE + "Storm.jpg", "Sergey Nazarov", "GPL-2+"),
    Photo("mate-twowings", "mate-backgrounds", _MATE + "TwoWings.jpg", "Charles Barbin, Hylke Bons", "GPL-2+"),
    Photo("mate-wood", "mate-backgrounds", _MATE + "Wood.jpg", "Jean-François Fortin Tam", "GPL-2+"),
    Photo("mate-yellowflower", "mate-backgrounds", _MATE + "YellowFlower.jpg", "Charles Barbin", "GPL-2+"),
    # plasma-workspace-wallpapers: the photographs among its 30 (the rest are rendered art)
    Photo("plasma-bythewater", "plasma-workspace-wallpapers", _KDE.format("BytheWater"), "Maciej Wiklo", _KDE_LICENCE),
    Photo("plasma-coldripple", "plasma-workspace-wallpapers", _KDE.format("ColdRipple"), "Risto Saukonpää", _KDE_LICENCE),
    Photo("plasma-colorfulcups", "plasma-workspace-wallpapers", _KDE.format("ColorfulCups"), "Dmitri Popov", _KDE_LICENCE),
    Photo("plasma-darkesthour", "plasma-workspace-wallpapers", _KDE.format("DarkestHour"), "Risto Saukonpää", _KDE_LICENCE),
    Photo("plasma-eveningglow", "plasma-workspace-wallpapers", _KDE.format("EveningGlow"), "Ian Hex", _KDE_LICENCE),
    Photo("plasma-fallenleaf", "plasma-workspace-wallpapers", _KDE.format("FallenLeaf"), "Martin Klapetek", _KDE_LICENCE),
    Photo("plasma-grey", "plasma-workspace-wallpapers", _KDE.format("Grey"), "Sigi Sagi", _KDE_LICENCE),
    Photo("plasma-kite", "plasma-workspace-wallpapers", _KDE.format("Kite"), "Risto Saukonpää", _KDE_LICENCE),
    Photo("plasma-onestandsout", "plasma-workspace-wallpapers", _KDE.format("OneStandsOut"), "Risto Saukonpää", _KDE_LICENCE),
    Photo("plasma-path", "plasma-workspace-wallpapers", _KDE.format("Path"), "Risto Saukonpää", _KDE_LICENCE),
    Photo("plasma-summer1am", "plasma-workspace-wallpapers", _KDE.format("summer_1am"), "Risto Saukonpää", _KDE_LICENCE),
    # lxqt-themes: the photographs among its wallpapers (the rest carry logos or are rendered)
    Photo("lxqt-butterfly-wimer", "lxqt-themes", _LXQT + "Butterfly-Kenneth-Wimer.jpg", "Kenneth Wimer", _LXQT_LICENCE),
    Photo("lxqt-valendas", "lxqt-themes", _LXQT + "Valendas.png", "LXQt Project Team", _LXQT_LICENCE),
    Photo("lxqt-after-the-rain", "lxqt-themes", _LXQT + "after-the-rain.jpg", "stefonarch", _LXQT_LICENCE),
    Photo("lxqt-appleflower", "lxqt-themes", _LXQT + "appleflower.png", "stefonarch", _LXQT_LICENCE),
    Photo("lxqt-beam", "lxqt-themes", _LXQT + "beam.png", "stefonarch", _LXQT_LICENCE),
    Photo("lxqt-butterfly", "lxqt-themes", _LXQT + "butterfly.png", "stefonarch", _LXQT_LICENCE),
    Photo("lxqt-cloud", "lxqt-themes", _LXQT + "cloud.png", "LXQt Project Team", _LXQT_LICENCE),
    Photo("lxqt-drop", "lxqt-themes", _LXQT + "drop.png", "stefonarch", _LXQT_LICENCE),
    Photo("lxqt-flowers", "lxqt-themes", _LXQT + "flowers.png", "stefonarch", _LXQT_LICENCE),
    Photo("lxqt-fog", "lxqt-themes", _LXQT + "fog.jpg", "stefonarch", _LXQT_LICENCE),
    Photo("lxqt-not-windows", "lxqt-themes", _LXQT + "this-is-not-windows.jpg", "stefonarch", _LXQT_LICENCE),
    # palapeli-data: the three marked Public Domain (castle-maintenon and panther-chameleon are
    # marked GFDL while debian/copyright says GPL-2+: unclear, left out)
    Photo("palapeli-bridge", "palapeli-data", "/usr/share/palapeli/collection/cincinnati-bridge.jpg", "Derek Jensen", "public domain"),
    Photo("palapeli-citrus", "palapeli-data", "/usr/share/palapeli/collection/citrus-fruits.jpg", "US Department of Agriculture", "public domain"),
    Photo("palapeli-bee", "palapeli-data", "/usr/share/palapeli/collection/european-honey-bee.jpg", "John Severns", "public domain"),
    # puzzle-jigsaw: Debian kept the two samples that are CC0 (the Pexels-licensed ones were removed)
    Photo("jigsaw-cat", "puzzle-jigsaw", "/usr/share/puzzle-jigsaw/samples/cat-animal-cat-portrait-mackerel.jpg", "Pexels", "CC0-1.0"),
    Photo("jigsaw-tiger", "puzzle-jigsaw", "/usr/share/puzzle-jigsaw/samples/pexels-photo-302304.jpeg", "Pexels", "CC0-1.0"),
    # sddm-theme-maldives: background.jpg only (maldives.jpg is a screenshot of it with a login box)
    Photo("maldives-jetty", "sddm-theme-maldives", "/usr/share/sddm/themes/maldives/background.jpg", "Abdurrahman Avci (theme)", "GPL-2+"),
    # python3-skimage: the photographs with a stated licence (not coins, moon, the stereo pair:
    # none stated; not the microscopy, retina and telescope images: not scenes)
    Photo("skimage-astronaut", "python3-skimage", _SK + "astronaut.png", "NASA", "public domain"),
    Photo("skimage-camera", "python3-skimage", _SK + "camera.png", "Lav Varshney", "CC0"),
    Photo("skimage-chelsea", "python3-skimage", _SK + "chelsea.png", "Stefan van der Walt", "CC0"),
    Photo("skimage-coffee", "python3-skimage", _SK + "coffee.png", "Rachel Michetti", "CC0"),
    Photo("skimage-rocket", "python3-skimage", _SK + "rocket.jpg", "SpaceX", "public domain"),
    Photo("skimage-clock", "python3-skimage", _SK + "clock_motion.png", "Stefan van der Walt", "public domain"),
    Photo("skimage-brick", "python3-skimage", _SK + "brick.png", "CC0Textures (Bricks25)", "CC0"),
    Photo("skimage-grass", "python3-skimage", _SK + "grass.png", "CC0Textures", "CC0"),
    Photo("skimage-gravel", "python3-skimage", _SK + "gravel.png", "CC0Textures (Gravel04)", "CC0"),
    # python3-scipy: scipy.misc's two images (read without importing scipy)
    Photo("scipy-ascent", "python3-scipy", "/usr/lib/python3/dist-packages/scipy/misc/ascent.dat", "public-domain-image.com", "public domain"),
    Photo("scipy-face", "python3-scipy", "/usr/lib/python3/dist-packages/scipy/misc/face.dat", "public-domain-image.com", "public domain"),
    # python3-sklearn: load_sample_images
    Photo("sklearn-china", "python3-sklearn", "/usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg", "danielbuechele (Flickr)", "CC-BY-2.0"),
    Photo("sklearn-flower", "python3-sklearn", "/usr/lib/python3/dist-packages/sklearn/datasets/images/flower.jpg", "vultilion (Flickr)", "CC-BY-2.0"),
    # python-matplotlib-data
    Photo("mpl-grace-hopper", "python-matplotlib-data", "/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg", "U.S. Navy", "public domain"),
]
