"""A blocked Gibbs step for the latent assignments of a mixture (chapter 3).

In a mixture written with explicit labels,

    z_i ~ Categorical(w),    x_i | z_i ~ Normal(mu[z_i], sigma[z_i]),

the labels are conditionally independent given everything else, and each has
a small discrete full conditional

    p(z_i = k | x_i, w, mu, sigma)  ∝  w_k N(x_i | mu_k, sigma_k).

PyMC's ``CategoricalGibbsMetropolis`` updates the labels one at a time and
evaluates the whole model's log-probability for every proposal, so one sweep
costs O(n) compiled-function calls of O(n) work each. The step method here
draws *all* labels at once from their exact full conditional: one compiled
function returns the ``(n, K)`` matrix of log p(z_i = k, rest) up to a
constant in k, and one vectorised Gumbel-max draw (``draw_labels``, plain
NumPy) samples every row.

The matrix is built generically from the model's own log-probability graph:
the elementwise log-probability terms of ``z`` and of every term that depends
on ``z`` are summed into one length-n vector, and that graph is vectorised
over a batch of candidate label vectors (the k-th row being "every label
equals k"). This is exact as long as the i-th entry of that vector depends on
``z`` only through ``z_i``; the constructor checks the shapes and tests this
numerically at the initial point, and refuses models where it fails.

Usage, as one part of a compound step::

    step = [MixtureAssignmentGibbs([z]), pm.NUTS([w, mu, sigma])]
    idata = pm.sample(step=step, ...)
"""

from __future__ import annotations

import numpy as np
import pytensor.tensor as pt
from pytensor.tensor.random.basic import CategoricalRV
from pymc.model import modelcontext
from pymc.step_methods.compound import BlockedStep
from pymc.step_methods.compound import StepMethodState
from pymc.util import get_random_generator, get_value_vars_from_user_vars
from pytensor.graph.replace import vectorize_graph
from pytensor.graph.traversal import ancestors

__all__ = ["MixtureAssignmentGibbs", "draw_labels"]


def draw_labels(logits, rng):
    """Draw one label per row of an ``(n, K)`` matrix of log-probabilities.

    Row i holds log p(z_i = k | rest) for k = 0, ..., K-1, up to a constant
    per row. Gumbel-max trick: with independent standard Gumbel noise g_ik,
    argmax_k (logits[i, k] + g_ik) is k with probability
    exp(logits[i, k]) / sum_j exp(logits[i, j]), so one argmax over the
    columns draws every label at once, exactly.
    """
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 2:
        raise ValueError(
            f"draw_labels needs an (n, K) matrix, got shape {logits.shape}"
        )
    if not np.all(np.any(np.isfinite(logits), axis=1)):
        raise ValueError("some row has probability zero under every category")
    gumbel = rng.gumbel(size=logits.shape)
    return np.argmax(logits + gumbel, axis=1)


class MixtureAssignmentGibbs(BlockedStep):
    """Draw every entry of a 1-D ``pm.Categorical`` from its exact full conditional.

    Parameters
    ----------
    vars : list
        A list holding exactly one variable: the labels ``z``, a one-dimensional
        ``pm.Categorical`` (shape ``(n,)``).
    model : pm.Model, optional
        The model; taken from the context if omitted.
    rng : int or numpy.random.Generator, optional
        Source of randomness. ``pm.sample`` replaces it with a generator derived
        from its ``random_seed``.
    compile_kwargs : dict, optional
        Extra keyword arguments for the PyTensor compilation.

    Raises
    ------
    ValueError
        If ``vars`` is not a single one-dimensional Categorical variable of the
        model, or if some log-probability term that depends on ``z`` is not
        elementwise in ``z`` (its i-th entry must depend on ``z_i`` only), so that
        the full conditional does not factorise over the observations.

    Notes
    -----
    The step has no tuning parameters and emits no sampler statistics. It is
    picklable, so it works with multi-process sampling in ``pm.sample``.
    """

    name = "mixture_assignment_gibbs"
    stats_dtypes_shapes: dict = {}
    _state_class = StepMethodState

    def __init__(self, vars, model=None, rng=None, compile_kwargs=None, blocked=True):
        model = modelcontext(model)
        if not isinstance(vars, list | tuple) or len(vars) != 1:
            raise ValueError(
                "MixtureAssignmentGibbs needs a list with exactly one variable, the labels z; "
                f"got {vars!r}"
            )
        try:
            value_vars = get_value_vars_from_user_vars(vars, model)
        except ValueError as err:
            raise ValueError(f"MixtureAssignmentGibbs: {err}") from None
        z_value = value_vars[0]
        z_rv = model.values_to_rvs[z_value]
        if not isinstance(getattr(z_rv.owner, "op", None), CategoricalRV):
            raise ValueError(
                f"MixtureAssignmentGibbs samples pm.Categorical variables only; "
                f"{z_rv.name!r} is a {type(z_rv.owner.op).__name__}"
            )
        if z_rv.ndim != 1:
            raise ValueError(
                f"MixtureAssignmentGibbs needs a one-dimensional Categorical (one label per "
                f"observation); {z_rv.name!r} has {z_rv.ndim} dimensions"
            )
        if model.rvs_to_transforms.get(z_rv) is not None:
            raise ValueError(f"MixtureAssignmentGibbs cannot sample the transformed variable {z_rv.name!r}")

        initial_point = model.initial_point()
        z_init = np.asarray(initial_point[z_value.name])
        n = z_init.size

        # Every log-probability term of the model that depends on z: z's own prior
        # term and the likelihood (or any other variable or potential built from z).
        all_vars = model.free_RVs + model.observed_RVs + model.potentials
        terms = model.logp(vars=all_vars, sum=False)
        dependent = []
        for var, term in zip(all_vars, terms):
            if z_value in set(ancestors([term])):
                if term.ndim != 1:
                    raise ValueError(
                        f"the log-probability of {var.name!r} depends on {z_rv.name!r} but has "
                        f"{term.ndim} dimensions; MixtureAssignmentGibbs needs terms that are "
                        f"elementwise in {z_rv.name!r} (one entry per label)"
                    )
                static_n = term.type.shape[0]
                if static_n is not None and static_n != n:
                    raise ValueError(
                        f"the log-probability of {var.name!r} depends on {z_rv.name!r} but has "
                        f"length {static_n}, not the length {n} of {z_rv.name!r}; "
                        "MixtureAssignmentGibbs needs one entry per label"
                    )
                dependent.append((var.name, term))
        joint = pt.add(*(term for _, term in dependent)) if len(dependent) > 1 else dependent[0][1]

        # Vectorise the length-n joint over a batch of candidate label vectors.
        candidates = pt.matrix("candidate_labels", dtype=z_value.dtype)
        batched = vectorize_graph(joint, replace={z_value: candidates})
        graph_inputs = set(ancestors([batched]))
        self._input_names = [v.name for v in model.value_vars if v is not z_value and v in graph_inputs]
        inputs = [v for v in model.value_vars if v.name in self._input_names]
        self._logp_fn = model.compile_fn(
            batched,
            inputs=[*inputs, candidates],
            point_fn=False,
            on_unused_input="ignore",
            **(compile_kwargs or {}),
        )

        # The number of categories, read from the Categorical's probability vector.
        (k_graph,) = model.replace_rvs_by_values([z_rv.owner.inputs[-1].shape[-1]])
        n_categories = int(
            model.compile_fn(k_graph, inputs=model.value_vars, on_unused_input="ignore")(initial_point)
        )
        self._grid = np.repeat(np.arange(n_categories, dtype=z_value.dtype)[:, None], n, axis=1)
        self.n_categories = n_categories
        self.vars = [z_value]
        self._z_name = z_value.name
        self.rng = get_random_generator(rng)
        self._check_elementwise(initial_point, dependent, z_rv.name)

    def _check_elementwise(self, point, dependent, z_name):
        """Test at ``point`` that changing one label changes only its own entry."""
        args = [point[name] for name in self._input_names]
        z0 = np.asarray(point[self._z_name]).copy()
        n = z0.size
        if self.n_categories < 2:
            raise ValueError(f"{z_name!r} has fewer than two categories; there is nothing to sample")
        probe = np.repeat(z0[None, :], 3, axis=0)
        for row, i in ((1, 0), (2, n - 1)):
            probe[row, i] = (z0[i] + 1) % self.n_categories
        names = ", ".join(name for name, _ in dependent)
        try:
            logp = self._logp_fn(*args, probe.astype(z0.dtype))
        except ValueError as err:  # e.g. terms of different lengths that do not broadcast
            raise ValueError(
                f"could not evaluate the log-probability terms of {names} for one label per "
                f"entry of {z_name!r} ({err}); MixtureAssignmentGibbs needs one term per label"
            ) from None
        if logp.shape != (3, n):
            raise ValueError(
                f"the log-probability terms of {names} do not have the shape {(n,)} of {z_name!r}; "
                "MixtureAssignmentGibbs needs one term per label"
            )
        for row, i in ((1, 0), (2, n - 1)):
            changed = np.flatnonzero(~np.isclose(logp[row], logp[0], equal_nan=True))
            if np.any(changed != i):
                raise ValueError(
                    f"changing {z_name}[{i}] changed the log-probability of other observations "
                    f"(entries {changed[changed != i][:5].tolist()}); the full conditional of "
                    f"{z_name!r} does not factorise over its entries, so MixtureAssignmentGibbs "
                    "cannot sample it in one block"
                )

    def conditional_logits(self, point) -> np.ndarray:
        """The ``(n, K)`` matrix of log p(z_i = k, rest) at ``point`` (up to a constant per row)."""
        args = [point[name] for name in self._input_names]
        return self._logp_fn(*args, self._grid).T

    def step(self, point):
        """Replace the labels in ``point`` by one draw from their full conditional."""
        logits = self.conditional_logits(point)  # (n, K)
        try:
            draws = draw_labels(logits, self.rng)
        except ValueError:
            raise ValueError(
                "MixtureAssignmentGibbs: some observation has probability zero under every "
                "category at the current point; the other variables are in an impossible state"
            ) from None
        new_point = dict(point)
        new_point[self._z_name] = draws.astype(self._grid.dtype)
        return new_point, [{}]

    def reset_tuning(self):
        """No tuning parameters."""

    @staticmethod
    def competence(var, has_grad=None):
        """Never chosen automatically: ask for it explicitly in ``step=``."""
        from pymc.step_methods.compound import Competence

        return Competence.INCOMPATIBLE
