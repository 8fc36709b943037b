import importlib.util

import pytest
from conftest import NO_VCRPY


def test_a_real_vcrpy_is_there():
    if importlib.util.find_spec("vcr") is None:
        pytest.skip(NO_VCRPY)
    import vcr

    assert hasattr(vcr.VCR, "register_persister")
