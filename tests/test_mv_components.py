"""Chapter 8's component benchmark (tools/bench/mv_components.py) times two forms of one density."""

import numpy as np

from tools.bench import mv_components


def test_both_forms_have_the_same_finite_log_density():
    x = np.random.default_rng(1).normal(size=(20, 2))
    values = []
    for batched in (False, True):
        model = mv_components.mixture_model(x, batched)
        values.append(float(model.compile_logp()(mv_components.start_point(model))))
    assert np.isfinite(values[0]) and abs(values[0] - values[1]) < 1e-8, values
