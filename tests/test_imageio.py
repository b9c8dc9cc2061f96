"""PNG reading of every mode, refusals of broken files, reproducible writing."""

import io

import numpy as np
import pytest
from PIL import Image

from texturegen.core.errors import ImageError
from texturegen.core.png import decode_png, encode_png, read_png, write_png


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "L", "LA", "P", "I;16"])
def test_every_mode_loads_as_rgba(mode):
    grad = np.tile(np.arange(16, dtype=np.uint8) * 16, (16, 1))
    if mode == "I;16":
        im = Image.fromarray(grad.astype(np.uint16) * 257)
    else:
        im = Image.fromarray(grad, "L").convert(mode)
    px = decode_png(_png(im), "x.png")
    assert px.shape == (16, 16, 4) and px.dtype == np.float32
    assert px[..., :3].min() >= 0 and px[..., :3].max() <= 1
    np.testing.assert_allclose(px[0, :, 0], grad[0] / 255.0, atol=1 / 255 + 1e-6)
    assert np.all(px[..., 3] == 1.0)


def test_broken_files_name_the_file(tmp_path):
    good = _png(Image.new("RGB", (16, 16), (10, 20, 30)))
    cases = {"empty.png": b"", "truncated.png": good[: len(good) // 2], "text.png": b"not a png at all"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ImageError) as err:
            read_png(tmp_path / name)
        assert name in str(err.value)


def test_pixel_limit_refuses_before_allocating():
    big = _png(Image.new("L", (4000, 4000)))
    with pytest.raises(ImageError, match="limit"):
        decode_png(big, "big.png", max_pixels=1_000_000)


def test_writing_is_reproducible_and_roundtrips(tmp_path):
    rgba = np.random.default_rng(0).uniform(size=(8, 8, 4)).astype(np.float32)
    assert encode_png(rgba) == encode_png(rgba.copy())
    write_png(tmp_path / "a.png", rgba)
    back = read_png(tmp_path / "a.png")
    np.testing.assert_allclose(back, np.rint(rgba * 255) / 255, atol=1e-6)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp")]
