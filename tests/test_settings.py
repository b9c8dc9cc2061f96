"""Settings are validated before any TensorFlow work, naming the setting and value."""

import pytest

from texturegen.core.errors import SettingError, TexturegenError
from texturegen.synthesis.settings import SynthesisSettings, settings_from_mapping


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("variety", -0.1),
        ("scale", 3),
        ("scale", 0),
        ("iterations", 0),
        ("phases", 9),
        ("tiling", "mirror"),
        ("network", "resnet"),
        ("memory_mb", 1),
        ("layers", ("conv9_1",)),
        ("colour", "blue"),
        ("scale", True),
        ("reference_scale", "big"),
        ("reference_scale", 0.01),
        ("detail", 5),
        ("detail", -1),
        ("orient", "yes"),
    ],
)
def test_bad_value_names_setting_and_value(field, value):
    with pytest.raises(SettingError) as err:
        SynthesisSettings(**{field: value})
    assert f"'{field}'" in str(err.value)
    shown = value[0] if isinstance(value, tuple) else value
    assert repr(shown) in str(err.value)
    assert isinstance(err.value, TexturegenError)


def test_vgg19_needs_weights():
    with pytest.raises(SettingError, match="weights"):
        SynthesisSettings(network="vgg19")


def test_mapping_rejects_unknown_and_converts_types():
    with pytest.raises(SettingError, match="unknown setting 'varity'"):
        settings_from_mapping({"varity": 0.3})
    s = settings_from_mapping({"variety": 1, "layers": ["conv3_1"]})
    assert s.variety == 1.0 and isinstance(s.variety, float)
    assert s.layers == ("conv3_1",)
    assert s.as_dict()["layers"] == ["conv3_1"]


def test_reference_scale_is_auto_or_a_factor():
    assert SynthesisSettings().reference_scale == "auto"
    s = settings_from_mapping({"reference_scale": 1})
    assert s.reference_scale == 1.0 and isinstance(s.reference_scale, float)
    assert settings_from_mapping({"reference_scale": "auto"}).as_dict()["reference_scale"] == "auto"


def test_a_removed_setting_says_so_by_name():
    with pytest.raises(SettingError, match="'edge_keep' was removed"):
        settings_from_mapping({"edge_keep": 0.8})


def test_a_list_of_layers_is_taken_as_a_tuple():
    s = SynthesisSettings().replace(layers=["conv1_2", "conv2_1"])
    assert s.layers == ("conv1_2", "conv2_1")
    assert hash(s) == hash(SynthesisSettings(layers=("conv1_2", "conv2_1")))
