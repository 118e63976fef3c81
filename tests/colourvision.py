"""Colour differences as readers see them: CIEDE2000, and dichromat vision simulated (Machado et al. 2009).

Test helpers, no dependency: sRGB to CIELAB (D65), the CIEDE2000 difference, and the
severity-1 protanopia and deuteranopia matrices of Machado, Oliveira and Fernandes (2009),
applied in linear RGB as colorspacious applies them; and the greys a black-and-white print
shows (CIE luminance).
"""

from __future__ import annotations

import numpy as np

#: Machado et al. (2009), severity 1.0, on linear RGB.
MACHADO = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
}
_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
_WHITE = np.array([0.95047, 1.0, 1.08883])


def rgb(colors: list[str]) -> np.ndarray:
    """Return ``#rrggbb`` colours as sRGB in [0, 1], one row each."""
    return np.array([[int(c.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)] for c in colors])


def linear(srgb: np.ndarray) -> np.ndarray:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(lin: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of linear-RGB rows."""
    xyz = np.clip(lin, 0, 1) @ _XYZ.T / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def seen(colors: list[str], vision: str = "normal") -> np.ndarray:
    """CIELAB of colours as seen with ``normal`` vision, ``protanopia``, ``deuteranopia`` or in ``grey``."""
    lin = linear(rgb(colors))
    if vision in MACHADO:
        lin = lin @ MACHADO[vision].T
    elif vision == "grey":
        y = lin @ _XYZ[1]
        lin = np.repeat(y[:, None], 3, axis=1)
    return lab(lin)


def ciede2000(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour difference between CIELAB rows ``a`` and ``b`` (Sharma, Wu and Dalal 2005)."""
    l1, a1, b1 = a.T
    l2, a2, b2 = b.T
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    cbar = (c1 + c2) / 2
    g = 0.5 * (1 - np.sqrt(cbar**7 / (cbar**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0, dh)
    dhh = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    lbar, cbarp = (l1 + l2) / 2, (c1p + c2p) / 2
    hsum = h1p + h2p
    hbar = np.where(
        c1p * c2p == 0,
        hsum,
        np.where(np.abs(h1p - h2p) <= 180, hsum / 2, np.where(hsum < 360, (hsum + 360) / 2, (hsum - 360) / 2)),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(hbar - 30))
        + 0.24 * np.cos(np.radians(2 * hbar))
        + 0.32 * np.cos(np.radians(3 * hbar + 6))
        - 0.20 * np.cos(np.radians(4 * hbar - 63))
    )
    sl = 1 + 0.015 * (lbar - 50) ** 2 / np.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbarp, 1 + 0.015 * cbarp * t
    rt = -2 * np.sqrt(cbarp**7 / (cbarp**7 + 25.0**7)) * np.sin(np.radians(60 * np.exp(-(((hbar - 275) / 25) ** 2))))
    return np.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))


def closest_pair(colors: list[str], vision: str = "normal") -> tuple[float, str, str]:
    """Return the smallest CIEDE2000 difference between two of ``colors`` as seen, and which two."""
    labs = seen(colors, vision)
    i, j = np.triu_indices(len(colors), 1)
    d = ciede2000(labs[i], labs[j])
    k = int(np.argmin(d))
    return float(d[k]), colors[i[k]], colors[j[k]]
