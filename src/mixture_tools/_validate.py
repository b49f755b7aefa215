"""Input checks shared by the public functions. Each raises ``ValueError``
with a message that names the argument and says what was wrong."""

from __future__ import annotations

import numpy as np


def as_1d_finite(values, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D float array; reject empty, NaN or infinite input."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers, got {arr.tolist()}")
    return arr


def check_mixture_parameters(weights, means, sds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate the parameters of a 1-D Gaussian mixture and return them as arrays."""
    w = as_1d_finite(weights, "weights")
    mu = as_1d_finite(means, "means")
    sd = as_1d_finite(sds, "sds")
    if not (w.size == mu.size == sd.size):
        raise ValueError(
            "weights, means and sds must have the same length (one entry per component), "
            f"got {w.size}, {mu.size} and {sd.size}"
        )
    if np.any(w < 0):
        raise ValueError(f"weights must be non-negative, got {w.tolist()}")
    if not np.isclose(w.sum(), 1.0, atol=1e-8):
        raise ValueError(f"weights must sum to 1, got sum {w.sum():.6g}")
    if np.any(sd <= 0):
        raise ValueError(f"sds must be positive, got {sd.tolist()}")
    return w, mu, sd


def check_rng(rng) -> np.random.Generator:
    """Accept a ``numpy.random.Generator`` or an integer seed."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    raise ValueError(
        f"rng must be a numpy.random.Generator or a non-negative integer seed, got {rng!r}"
    )


def check_positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def posterior_dataset(data) -> "xr.Dataset":
    """The posterior of ``data`` as an ``xarray.Dataset``.

    Accepts what ``pm.sample`` returns (an ``xarray.DataTree`` with a ``posterior`` group),
    the ``posterior`` node of one, or a Dataset of draws.
    """
    import xarray as xr

    if isinstance(data, xr.DataTree):
        if "posterior" in data.children:
            data = data["posterior"]
        data = data.to_dataset()
    if not isinstance(data, xr.Dataset):
        raise ValueError(
            "expected an xarray.DataTree with a posterior group (what pm.sample returns), "
            f"its posterior node or an xarray.Dataset, got {type(data).__name__}"
        )
    return data
