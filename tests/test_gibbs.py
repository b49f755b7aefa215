"""Tests of mixture_tools.gibbs.MixtureAssignmentGibbs (chapter 3)."""

import mixture_tools as mt  # noqa: I001  (first: library defaults)

import cloudpickle

import numpy as np
import pymc as pm
import pytest
from scipy import stats

from mixture_tools.gibbs import MixtureAssignmentGibbs

W = np.array([0.5, 0.2, 0.3])
MU = np.array([-1.0, 0.0, 1.5])
SIGMA = np.array([1.0, 0.7, 1.2])
X = np.array([-1.5, -0.5, 0.0, 0.4, 1.0, 2.0])


def fixed_parameter_model():
    """Only z is free: its full conditional is the membership probability."""
    with pm.Model() as model:
        z = pm.Categorical("z", p=W, shape=X.size)
        pm.Normal("x", mu=pm.math.constant(MU)[z], sigma=pm.math.constant(SIGMA)[z], observed=X)
    return model, z


def free_parameter_model(n=X.size, x=X):
    with pm.Model(coords={"cluster": range(3), "obs_id": range(n)}) as model:
        w = pm.Dirichlet("w", a=np.ones(3), dims="cluster")
        mu = pm.Normal("mu", 0.0, 5.0, dims="cluster", transform=pm.distributions.transforms.ordered)
        sigma = pm.HalfNormal("sigma", 2.0)
        z = pm.Categorical("z", p=w, dims="obs_id")
        pm.Normal("x", mu=mu[z], sigma=sigma, observed=x, dims="obs_id")
    return model, (w, mu, sigma, z)


def test_draws_follow_the_exact_full_conditional():
    model, z = fixed_parameter_model()
    step = MixtureAssignmentGibbs([z], model=model, rng=np.random.default_rng(1))
    point = model.initial_point()
    n_draws = 4000
    counts = np.zeros((X.size, 3))
    for _ in range(n_draws):
        point, stats_ = step.step(point)
        counts[np.arange(X.size), point["z"]] += 1
    assert stats_ == [{}]
    expected = n_draws * mt.membership_probabilities(X, W, MU, SIGMA)
    assert expected.min() >= 5, "the test case needs expected counts of at least 5 per cell"
    chi2 = np.sum((counts - expected) ** 2 / expected)
    p_value = stats.chi2.sf(chi2, df=X.size * (3 - 1))
    assert p_value > 1e-3, f"draws do not match the analytic conditional (chi2={chi2:.1f}, p={p_value:.2g})"


def test_conditional_logits_match_membership_probabilities_with_free_parameters():
    model, (w, mu, sigma, z) = free_parameter_model()
    step = MixtureAssignmentGibbs([z], model=model)
    point = model.initial_point()
    w_val, mu_val, sigma_val = np.array([0.2, 0.5, 0.3]), np.array([-2.0, 0.5, 2.0]), 1.3
    for rv, val in ((w, w_val), (mu, mu_val), (sigma, sigma_val)):
        value_var = model.rvs_to_values[rv]
        transform = model.rvs_to_transforms[rv]
        point[value_var.name] = transform.forward(pm.math.constant(val), *rv.owner.inputs).eval()
    logits = step.conditional_logits(point)
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(probs, mt.membership_probabilities(X, w_val, mu_val, sigma_val), rtol=1e-8)


def test_short_compound_run_with_nuts_and_pickling():
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.normal(-4, 1, 30), rng.normal(0, 1, 30), rng.normal(4, 1, 30)])
    model, (w, mu, sigma, z) = free_parameter_model(n=x.size, x=x)
    with model:
        gibbs = MixtureAssignmentGibbs([z])
        clone = cloudpickle.loads(cloudpickle.dumps(gibbs))  # multiprocess sampling pickles the steps
        assert clone._input_names == gibbs._input_names
        idata = pm.sample(
            draws=50, tune=50, chains=2, cores=1, step=[gibbs, pm.NUTS([w, mu, sigma])],
            initvals={"mu": np.array([-1.0, 0.0, 1.0])},  # distinct, ordered means to start from
            random_seed=4, progressbar=False, compute_convergence_checks=False,
        )
    z_draws = idata.posterior["z"].values
    assert z_draws.shape == (2, 50, x.size)
    assert set(np.unique(z_draws)) <= {0, 1, 2}
    assert np.all(np.diff(idata.posterior["mu"].values, axis=-1) > 0)


def test_rejects_a_variable_that_is_not_categorical():
    with pm.Model() as model:
        lam = pm.Exponential("lam", 1.0)
        counts = pm.Poisson("counts", lam, shape=4)
    with pytest.raises(ValueError, match="Categorical variables only"):
        MixtureAssignmentGibbs([counts], model=model)


def test_rejects_a_two_dimensional_categorical():
    with pm.Model() as model:
        z = pm.Categorical("z", p=W, shape=(2, 3))
    with pytest.raises(ValueError, match="one-dimensional"):
        MixtureAssignmentGibbs([z], model=model)


def test_rejects_more_than_one_variable():
    with pm.Model() as model:
        z1 = pm.Categorical("z1", p=W, shape=3)
        z2 = pm.Categorical("z2", p=W, shape=3)
    with pytest.raises(ValueError, match="exactly one variable"):
        MixtureAssignmentGibbs([z1, z2], model=model)


def test_rejects_a_likelihood_that_is_not_elementwise_in_z():
    with pm.Model() as model:
        z = pm.Categorical("z", p=W, shape=X.size)
        means = pm.math.constant(MU)[z]
        # every observation depends on the mean over all labels: no factorisation
        pm.Normal("x", mu=means - means.mean(), sigma=1.0, observed=X)
    with pytest.raises(ValueError, match="does not factorise"):
        MixtureAssignmentGibbs([z], model=model)


def test_rejects_a_scalar_term_that_depends_on_z():
    with pm.Model() as model:
        z = pm.Categorical("z", p=W, shape=X.size)
        pm.Normal("x", mu=pm.math.constant(MU)[z], sigma=1.0, observed=X)
        pm.Potential("balance", -(pm.math.eq(z, 0).sum() - 2.0) ** 2)
    with pytest.raises(ValueError, match="elementwise"):
        MixtureAssignmentGibbs([z], model=model)


def test_rejects_a_term_of_another_length():
    with pm.Model() as model:
        z = pm.Categorical("z", p=W, shape=X.size)
        pm.Normal("x", mu=pm.math.constant(MU)[z[:3]], sigma=1.0, observed=X[:3])
    with pytest.raises(ValueError, match="length"):
        MixtureAssignmentGibbs([z], model=model)


def test_rejects_a_variable_of_another_model():
    with pm.Model():
        z_other = pm.Categorical("z", p=W, shape=X.size)
    model, _ = fixed_parameter_model()
    with pytest.raises(ValueError, match="MixtureAssignmentGibbs: .*not random variables in the model"):
        MixtureAssignmentGibbs([z_other], model=model)


@pytest.mark.parametrize("vars_", ["z", None])  # (an empty list is refused by PyMC itself)
def test_rejects_vars_that_are_not_a_list_of_one(vars_):
    model, _ = fixed_parameter_model()
    with pytest.raises(ValueError, match="exactly one variable"):
        MixtureAssignmentGibbs(vars_, model=model)


def test_rejects_a_categorical_with_one_category():
    with pm.Model() as model:
        z = pm.Categorical("z", p=np.array([1.0]), shape=X.size)
        pm.Normal("x", mu=pm.math.constant(MU)[z], sigma=1.0, observed=X)
    with pytest.raises(ValueError, match="fewer than two categories"):
        MixtureAssignmentGibbs([z], model=model)


def test_rejects_terms_whose_lengths_differ_only_at_run_time():
    # pm.Data has no static length, so the shape check passes and the evaluation fails
    with pm.Model() as model:
        data = pm.Data("data", X[:4])
        z = pm.Categorical("z", p=W, shape=X.size)
        pm.Potential("pull", -((pm.math.constant(MU)[z] - data) ** 2))
    with pytest.raises(ValueError, match="could not evaluate the log-probability terms of z, pull"):
        MixtureAssignmentGibbs([z], model=model)


def test_rejects_a_transformed_categorical():
    # pm.Categorical itself refuses a transform; Model.register_rv does not check
    with pm.Model() as model:
        z = model.register_rv(
            pm.Categorical.dist(p=W, shape=X.size), "z",
            transform=pm.distributions.transforms.ordered, initval=np.arange(X.size) % 3,
        )
    with pytest.raises(ValueError, match="cannot sample the transformed variable 'z'"):
        MixtureAssignmentGibbs([z], model=model)


def test_check_refuses_log_probabilities_of_the_wrong_shape():
    # A guard on the compiled function's contract, which no model has broken: z's own
    # term has one entry per label, so the summed terms have that length or fail to
    # broadcast (test_rejects_terms_whose_lengths_differ_only_at_run_time). Here the
    # compiled function is replaced by one whose rows are one entry short, to show
    # what the guard says.
    model, z = fixed_parameter_model()
    step = MixtureAssignmentGibbs([z], model=model)
    step._logp_fn = lambda *args: np.zeros((3, X.size - 1))
    with pytest.raises(ValueError, match=rf"do not have the shape \({X.size},\) of 'z'"):
        step._check_elementwise(model.initial_point(), [("z", None), ("x", None)], "z")


def test_step_refuses_an_impossible_point():
    with pm.Model() as model:
        shift = pm.Normal("shift")
        z = pm.Categorical("z", p=W, shape=X.size)
        lower, upper = pm.math.constant(MU - 3)[z] + shift, pm.math.constant(MU + 3)[z] + shift
        pm.Uniform("x", lower=lower, upper=upper, observed=X)
    step = MixtureAssignmentGibbs([z], model=model, rng=0)
    point = model.initial_point()
    new_point, _ = step.step(point)  # every observation is inside some component's support
    assert new_point["z"].shape == (X.size,)
    point["shift"] = np.array(100.0)  # now no component reaches the data
    with pytest.raises(ValueError, match="probability zero under every category"):
        step.step(point)


def test_is_never_chosen_automatically():
    from pymc.step_methods.compound import Competence

    model, z = fixed_parameter_model()
    assert MixtureAssignmentGibbs.competence(model.rvs_to_values[z]) == Competence.INCOMPATIBLE
    MixtureAssignmentGibbs([z], model=model).reset_tuning()  # no tuning: a no-op


def test_draw_labels_follows_the_softmax_of_each_row():
    from mixture_tools.gibbs import draw_labels

    # rows: unnormalized (shifted by a constant), nearly certain, with an impossible category
    probs = np.array([[0.2, 0.5, 0.3], [0.98, 0.01, 0.01], [0.0, 0.4, 0.6]])
    with np.errstate(divide="ignore"):
        logits = np.log(probs) + np.array([[3.0], [-700.0], [0.0]])
    rng = np.random.default_rng(5)
    n_draws = 6000
    counts = np.zeros_like(probs)
    for _ in range(n_draws):
        draws = draw_labels(logits, rng)
        assert draws.shape == (3,)
        counts[np.arange(3), draws] += 1
    assert counts[2, 0] == 0, "a category with probability zero was drawn"
    expected = n_draws * probs
    keep = expected > 0
    chi2 = np.sum((counts[keep] - expected[keep]) ** 2 / expected[keep])
    p_value = stats.chi2.sf(chi2, df=keep.sum() - 3)
    assert p_value > 1e-3, f"draws do not follow the rows' softmax (chi2={chi2:.1f}, p={p_value:.2g})"


def test_draw_labels_refuses_a_row_without_a_finite_entry():
    from mixture_tools.gibbs import draw_labels

    logits = np.array([[0.0, -1.0], [-np.inf, -np.inf]])
    with pytest.raises(ValueError, match="probability zero under every category"):
        draw_labels(logits, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"\(n, K\) matrix"):
        draw_labels(np.zeros(3), np.random.default_rng(0))
