"""Real data sets shipped with the book (chapter 6), read from CSV files in ``data/``.

The values are stored in the package, so no page downloads anything at run
time. ``data/README.md`` states where each file comes from, how to cite it and
the one correction we apply (galaxies, observation 78).

* :func:`galaxies` -- velocities (km/s) of 82 galaxies in the Corona Borealis
  region (Roeder 1990; R package MASS, ``galaxies``).
* :func:`old_faithful` -- 272 eruptions of the Old Faithful geyser: duration
  and waiting time (R package datasets, ``faithful``).
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["galaxies", "old_faithful"]

#: Observation 78 of MASS ``galaxies`` is printed as 26690 km/s, a documented
#: typo (MASS help page) for 26960 km/s, the value Richardson & Green (1997) used.
GALAXIES_TYPO = {"obs": 78, "mass_value": 26690, "corrected_value": 26960}


def _read_csv(filename: str) -> pd.DataFrame:
    with resources.files(__package__).joinpath("data", filename).open("r") as handle:
        return pd.read_csv(handle)


def galaxies(corrected: bool = True, unit: str = "km/s") -> pd.Series:
    """Velocities of the 82 Corona Borealis galaxies (Roeder 1990).

    Parameters
    ----------
    corrected : bool, default True
        If True (the book's choice), observation 78 is 26960 km/s, the value
        in Richardson & Green (1997); MASS prints it as 26690, a typo noted on
        the MASS help page. If False, the values are returned exactly as in
        MASS. Either way the sorted order of the values is the same.
    unit : {"km/s", "1000 km/s"}
        ``"1000 km/s"`` divides by 1000, the scale most analyses use.

    Returns
    -------
    pandas.Series
        82 float values named ``"velocity"``, indexed by the observation number
        1..82 (the row numbers in MASS, so ``s.loc[78]`` is the corrected value).
    """
    if not isinstance(corrected, bool):
        raise ValueError(f"corrected must be True or False, got {corrected!r}")
    scales = {"km/s": 1.0, "1000 km/s": 1000.0}
    if unit not in scales:
        raise ValueError(f"unit must be one of {sorted(scales)}, got {unit!r}")
    frame = _read_csv("galaxies.csv")
    velocity = frame.set_index("obs")["velocity"].astype(float)
    if corrected:
        obs = GALAXIES_TYPO["obs"]
        if velocity.loc[obs] != GALAXIES_TYPO["mass_value"]:  # guard against an edited CSV
            raise RuntimeError(f"galaxies.csv: observation {obs} is not the MASS value")
        velocity.loc[obs] = float(GALAXIES_TYPO["corrected_value"])
    velocity = velocity / scales[unit]
    velocity.index.name = "obs"
    velocity.name = "velocity"
    return velocity


def old_faithful() -> pd.DataFrame:
    """The 272 Old Faithful eruptions of R's ``datasets::faithful`` (Härdle 1991).

    Returns
    -------
    pandas.DataFrame
        Columns ``eruptions`` (duration in minutes) and ``waiting`` (minutes
        until the next eruption), indexed by the observation number 1..272.
    """
    frame = _read_csv("faithful.csv").set_index("obs")
    frame["waiting"] = frame["waiting"].astype(float)
    return frame
