"""Input checks shared by the public functions. Each raises ``ValueError``
with a message that names the argument and says what was wrong."""

from __future__ import annotations

import numpy as np

__all__ = [
    "as_1d_finite",
    "check_mixture_parameters",
    "check_positive",
    "check_integer_labels",
    "check_positive_int",
    "check_rng",
    "check_weights",
    "posterior_dataset",
]


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


def check_weights(w, name: str = "w", axis: int = -1) -> np.ndarray:
    """Mixture weights or probabilities: finite, non-negative, summing to 1 along ``axis``."""
    arr = np.asarray(w, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must be finite and non-negative")
    if not np.allclose(arr.sum(axis=axis), 1.0, atol=1e-6):
        raise ValueError(f"{name} must sum to 1 over the components")
    return arr


def check_positive(values, name: str) -> np.ndarray:
    """Standard deviations and other scales: finite and positive."""
    arr = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name} must be finite and positive")
    return arr


def check_mixture_parameters(w, mu, sigma) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Validate the parameters of a 1-D Gaussian mixture (one vector each) and return them as arrays."""
    w = as_1d_finite(w, "w")
    mu = as_1d_finite(mu, "mu")
    sigma = as_1d_finite(sigma, "sigma")
    if not (w.size == mu.size == sigma.size):
        raise ValueError(
            "w, mu and sigma must have the same length (one entry per component), "
            f"got {w.size}, {mu.size} and {sigma.size}"
        )
    if np.any(w < 0):
        raise ValueError(f"w must be non-negative, got {w.tolist()}")
    if not np.isclose(w.sum(), 1.0, atol=1e-8):
        raise ValueError(f"w must sum to 1, got sum {w.sum():.6g}")
    if np.any(sigma <= 0):
        raise ValueError(f"sigma must be positive, got {sigma.tolist()}")
    return w, mu, sigma


def check_rng(rng, allow_none: bool = False) -> np.random.Generator | None:
    """Accept a ``numpy.random.Generator`` or a non-negative integer seed (and ``None`` where
    ``allow_none``: the caller then does without randomness)."""
    if rng is None and allow_none:
        return None
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    accepted = "None, " if allow_none else ""
    raise ValueError(
        f"rng must be {accepted}a numpy.random.Generator or a non-negative integer seed, got {rng!r}"
    )


def check_integer_labels(values, name: str, allow_bool: bool = False) -> np.ndarray:
    """Cluster labels: a non-empty array of whole numbers (floats that are whole numbers
    too, as labels read from a posterior may be), returned as integers."""
    arr = np.asarray(values)
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} contains NaN or infinite values, not integer labels")
        if not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must hold integer labels")
    elif not (np.issubdtype(arr.dtype, np.integer) or (allow_bool and arr.dtype == bool)):
        raise ValueError(f"{name} must hold integer labels, got dtype {arr.dtype}")
    return arr.astype(np.intp)


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
