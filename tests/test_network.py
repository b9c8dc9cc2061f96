"""Feature networks: the built-in random net is fixed; VGG19 loads a local Keras file or says why not."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests.conftest import checker_seed, photo
from texturegen import synthesize
from texturegen.core.errors import NetworkError
from texturegen.synthesis.neural.network import random_net, vgg19_net

pytestmark = pytest.mark.slow  # TensorFlow or doit in every test


def test_random_net_is_the_same_every_time():
    a, b = random_net(0), random_net(0)
    img = tf.constant(np.random.default_rng(0).uniform(size=(1, 16, 16, 3)), tf.float32)
    fa = a(img, ("conv2_1",), "wrap")["conv2_1"].numpy()
    fb = b(img, ("conv2_1",), "wrap")["conv2_1"].numpy()
    np.testing.assert_array_equal(fa, fb)
    assert fa.shape == (1, 8, 8, 80)


def _tiny_vgg(path):
    inp = keras.Input((None, None, 3))
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="block1_conv1")(inp)
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="block1_conv2")(x)
    x = keras.layers.AveragePooling2D(2, name="block1_pool")(x)
    x = keras.layers.Conv2D(6, 3, padding="same", activation="relu", name="block2_conv1")(x)
    keras.Model(inp, x).save(path)


def test_vgg19_loads_a_local_keras_file_through_the_real_code(tmp_path, fast):
    path = tmp_path / "tiny_vgg.keras"
    _tiny_vgg(path)
    net = vgg19_net(str(path))
    assert net.names == ["conv1_1", "conv1_2", "pool1", "conv2_1"]
    out = synthesize(
        checker_seed(8), [photo(48)], fast.replace(network="vgg19", weights=str(path), layers=("conv1_2", "conv2_1"))
    )
    assert out.shape == (32, 32, 4)


def test_vgg19_missing_or_wrong_file_is_a_clear_error(tmp_path):
    with pytest.raises(NetworkError, match="not found"):
        vgg19_net(str(tmp_path / "vgg19.h5"))
    bad = tmp_path / "bad.h5"
    bad.write_bytes(b"not hdf5")
    with pytest.raises(NetworkError, match="bad.h5"):
        vgg19_net(str(bad))
