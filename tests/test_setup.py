"""The seed and library set-up shared by every page."""

import warnings

import pytest

import mixture_tools as mt


def test_default_seed(monkeypatch):
    monkeypatch.delenv(mt.SEED_ENV_VAR, raising=False)
    assert mt.book_seed() == mt.DEFAULT_SEED


def test_seed_from_environment(monkeypatch):
    monkeypatch.setenv(mt.SEED_ENV_VAR, "17")
    assert mt.book_seed() == 17


@pytest.mark.parametrize("raw", ["abc", "-3", "1.5"])
def test_bad_seed_is_rejected(monkeypatch, raw):
    monkeypatch.setenv(mt.SEED_ENV_VAR, raw)
    with pytest.raises(ValueError, match="non-negative integer"):
        mt.book_seed()


def test_pytensor_compiles_without_blas_warning():
    import numpy as np
    import pytensor
    import pytensor.tensor as pt

    a = pt.matrix("a")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = pytensor.function([a], pt.dot(a, a))
    np.testing.assert_allclose(f(np.eye(2)), np.eye(2))


def test_set_plot_style():
    import matplotlib

    with matplotlib.rc_context():  # leave the global style as it was
        mt.set_plot_style()
        rc = matplotlib.rcParams
        assert rc["axes.prop_cycle"].by_key()["color"][:2] == ["#0072B2", "#E69F00"]
        assert list(rc["figure.figsize"]) == [8, 4]
        assert rc["figure.constrained_layout.use"]


@pytest.fixture
def notebook_shell():
    """An IPython shell, what get_ipython() returns in a kernel, with the book's plot style set in it."""
    import matplotlib
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        with matplotlib.rc_context():  # leave the global style as it was
            mt.set_plot_style()
            yield shell
    finally:
        InteractiveShell.clear_instance()


def test_set_plot_style_in_a_notebook_stores_figures_at_twice_the_pixels_with_a_width_only(notebook_shell):
    import base64
    import io

    import matplotlib.pyplot as plt
    from PIL import Image

    fig, ax = plt.subplots()
    ax.plot([0, 1])
    data, metadata = notebook_shell.display_formatter.format(fig)
    plt.close(fig)
    width, height = Image.open(io.BytesIO(base64.b64decode(data["image/png"]))).size
    # only the width: a stored height would squeeze the figure in a narrower column
    assert metadata["image/png"] == {"width": width // 2}
    assert height > 0


def test_set_plot_style_in_a_notebook_shows_no_image_for_an_empty_figure(notebook_shell):
    import matplotlib.pyplot as plt

    fig = plt.figure()  # no axes: IPython draws nothing, and the width-only wrapper must pass that on
    data, metadata = notebook_shell.display_formatter.format(fig)
    plt.close(fig)
    assert "image/png" not in data and "image/png" not in metadata


def test_set_plot_style_outside_a_notebook_keeps_matplotlib_formats(monkeypatch):
    import IPython
    import matplotlib
    import matplotlib_inline.backend_inline as inline

    calls = []
    monkeypatch.setattr(inline, "set_matplotlib_formats", lambda *formats: calls.append(formats))
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    with matplotlib.rc_context():
        mt.set_plot_style()  # a script or a test
    assert calls == []


def test_importing_the_package_silences_only_the_blas_warning():
    import warnings

    import mixture_tools  # noqa: F401  (configure_libraries runs on import)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mixture_tools.configure_libraries()  # installs its filter after "always"
        warnings.warn("PyTensor could not link to a BLAS installation. Operations ...", UserWarning)
        warnings.warn("any other warning", UserWarning)
    assert [str(w.message) for w in caught] == ["any other warning"]


def test_show_sampler_messages_sends_pymc_log_to_stdout():
    import io
    import logging
    import sys

    # PyMC installs a stderr handler on import in a notebook kernel (not under pytest,
    # whose root logger already has handlers): stand in for it
    handler = logging.StreamHandler(io.StringIO())
    logging.getLogger("pymc").addHandler(handler)
    try:
        mt.show_sampler_messages()
        assert handler.stream is sys.stdout
        record = logging.LogRecord("pymc", logging.WARNING, "", 0, "word " * 40, None, None)
        lines = handler.format(record).splitlines()
        assert len(lines) > 1 and max(map(len, lines)) <= 79
    finally:
        logging.getLogger("pymc").removeHandler(handler)


def test_importing_the_package_keeps_pymcs_info_messages_off_the_pages():
    import logging

    import mixture_tools

    mixture_tools.configure_libraries()
    for name in ("pymc", "pymc.sampling", "pymc.stats", "pymc.variational", "pymc_extras"):
        assert logging.getLogger(name).level == logging.WARNING, name
