"""Feature networks: a fixed-seed random conv net (default) or VGG19 from a local weights file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import tensorflow as tf

from texturegen.core.errors import NetworkError

# (name, kind, channels); "down" is a 2x2 stride-2 conv that replaces pooling.
RANDOM_SPEC: tuple[tuple[str, str, int], ...] = (
    ("conv1_1", "conv", 48),
    ("conv1_2", "conv", 48),
    ("down1", "down", 48),
    ("conv2_1", "conv", 80),
    ("conv2_2", "conv", 80),
    ("down2", "down", 80),
    ("conv3_1", "conv", 112),
    ("conv3_2", "conv", 112),
    ("conv3_3", "conv", 112),
    ("down3", "down", 112),
    ("conv4_1", "conv", 176),
    ("conv4_2", "conv", 176),
    ("conv4_3", "conv", 176),
)
VGG_BLOCKS = ((1, 2), (2, 2), (3, 4), (4, 4), (5, 4))


def pad(x: tf.Tensor, p: int, mode: str) -> tf.Tensor:
    """Pad an NHWC tensor by p: circularly for `wrap`, by reflection otherwise."""
    if p == 0:
        return x
    if mode == "wrap":
        x = tf.concat([x[:, -p:], x, x[:, :p]], axis=1)
        return tf.concat([x[:, :, -p:], x, x[:, :, :p]], axis=2)
    return tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]], mode="REFLECT")


class FeatureNet:
    """A conv net returning the activations of the named layers, padding as told."""

    def __init__(
        self, layers: list[tuple[str, str, tf.Tensor, tf.Tensor]], mean: np.ndarray, gain: float, activation: str
    ) -> None:
        """Keep the layer list: (name, kind, kernel, bias)."""
        self.layers = layers
        self.mean = tf.constant(mean.reshape(1, 1, 1, 3), tf.float32)
        self.gain = gain
        self.activation = tf.nn.elu if activation == "elu" else tf.nn.relu
        self.names = [name for name, _, _, _ in layers]

    def check_layers(self, wanted: tuple[str, ...]) -> None:
        """Raise NetworkError for a layer the network does not have."""
        for name in wanted:
            if name not in self.names:
                raise NetworkError(f"layer '{name}' is not in the network (it has: {', '.join(self.names)})")

    def stride(self, name: str) -> int:
        """How many image pixels one step of the named layer's map covers."""
        s = 1
        for lname, kind, _, _ in self.layers:
            if kind != "conv":
                s *= 2
            if lname == name:
                return s
        raise NetworkError(f"layer '{name}' is not in the network")

    def __call__(self, image: tf.Tensor, wanted: tuple[str, ...], mode: str) -> dict[str, tf.Tensor]:
        """Activations of `wanted` layers for an NHWC image in [0, 1]; mode `wrap` or `reflect`."""
        x = (image - self.mean) * self.gain
        out: dict[str, tf.Tensor] = {}
        last = max(self.names.index(n) for n in wanted)
        for name, kind, kernel, bias in self.layers[: last + 1]:
            if kind == "conv":
                x = tf.nn.conv2d(pad(x, 1, mode), kernel, 1, "VALID") + bias
                x = self.activation(x)
            elif kind == "down":
                x = _even(x)
                x = tf.nn.elu(tf.nn.conv2d(x, kernel, 2, "VALID") + bias)
            else:
                x = tf.nn.avg_pool2d(_even(x), 2, 2, "VALID")
            if name in wanted:
                out[name] = x
        return out


def _even(x: tf.Tensor) -> tf.Tensor:
    """Crop a map to even height and width."""
    h, w = x.shape[1] // 2 * 2, x.shape[2] // 2 * 2
    return x[:, :h, :w]


def random_net(seed: int) -> FeatureNet:
    """The built-in untrained net: He-normal weights from a fixed seed, ELU, strided convs."""
    rng = np.random.default_rng(7919 + seed)
    layers, cin = [], 3
    for name, kind, cout in RANDOM_SPEC:
        k = 3 if kind == "conv" else 2
        std = np.sqrt(2.0 / (k * k * cin))
        kernel = rng.normal(0.0, std, size=(k, k, cin, cout)).astype(np.float32)
        layers.append((name, kind, tf.constant(kernel), tf.zeros((cout,), tf.float32)))
        cin = cout
    return FeatureNet(layers, np.full(3, 0.5, np.float32), 2.0, "elu")


def vgg19_net(path: str) -> FeatureNet:
    """VGG19 convs from a local Keras file: a whole model, or VGG19 no-top weights."""
    file = Path(path)
    if not file.is_file():
        raise NetworkError(f"{path}: VGG19 weights file not found (network vgg19 never downloads)")
    kernels = _read_vgg_kernels(file)
    layers = []
    for block, count in VGG_BLOCKS:
        for i in range(1, count + 1):
            key = f"block{block}_conv{i}"
            if key not in kernels:
                break
            kernel, bias = kernels[key]
            layers.append((f"conv{block}_{i}", "conv", tf.constant(kernel), tf.constant(bias)))
        else:
            layers.append((f"pool{block}", "pool", tf.zeros(()), tf.zeros(())))
            continue
        break
    if not layers:
        raise NetworkError(f"{path}: no layer named block1_conv1 (not VGG19 weights)")
    # Caffe-style VGG expects BGR 0-255 minus the ImageNet mean; the first kernel is flipped to take RGB.
    name, kind, kernel, bias = layers[0]
    layers[0] = (name, kind, tf.constant(kernel.numpy()[:, :, ::-1, :]), bias)
    return FeatureNet(layers, np.array([123.68, 116.779, 103.939], np.float32) / 255.0, 255.0, "relu")


def _read_vgg_kernels(file: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Load kernels and biases keyed by Keras layer name from a model or weights file."""
    import keras

    try:
        if file.suffix == ".keras":
            model = keras.models.load_model(file, compile=False)
        else:
            model = keras.applications.VGG19(include_top=False, weights=None)
            model.load_weights(file)
    except Exception as exc:  # Keras raises many types for a bad file
        raise NetworkError(f"{file}: not a readable Keras VGG19 weights file ({type(exc).__name__}: {exc})") from None
    found = {}
    for layer in model.layers:
        weights = layer.get_weights()
        if layer.name.startswith("block") and "_conv" in layer.name and len(weights) == 2:
            found[layer.name] = (np.asarray(weights[0], np.float32), np.asarray(weights[1], np.float32))
    return found


_CACHE: dict[tuple[str, str | None, int], FeatureNet] = {}


def get_net(network: str, weights: str | None, seed: int) -> FeatureNet:
    """Build (once per process) the named feature network."""
    key = (network, weights, seed if network == "random" else 0)
    if key not in _CACHE:
        _CACHE[key] = random_net(seed) if network == "random" else vgg19_net(str(weights))
    return _CACHE[key]
