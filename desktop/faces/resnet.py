"""dlib's face-recognition ResNet (``dlib_face_recognition_resnet_model_v1.dat``) evaluated with numpy.

The ``dlib-bin`` wheel is built without BLAS, so its encoder runs dlib's own matrix code (~0.08 s a face on two
cores). This module reads the same weights from the same file and runs the same network with numpy's BLAS: the
descriptors agree with dlib's to float32 rounding (``tests/unit/faces/test_resnet.py``; the figures are in
``docs/benchmarks.md``). Nothing here imports dlib or Qt; the face chips come from ``dlib.get_face_chips``
(``engine.encode_faces``), exactly as dlib's ``compute_face_descriptor`` makes them.

**The file** is dlib's own serialization of its network object (``loss_metric<fc_no_bias<128,
avg_pool_everything<...>>>``), written outermost layer first, each layer's sub-network before the layer
itself: first the version numbers of every wrapper from the outside in, then the input layer, then each layer's
details from the inside out. Integers are a control byte (low four bits: how many little-endian bytes follow;
high bit: negative) and those bytes; a bool is the character ``'1'`` or ``'0'``; a float is two such integers,
mantissa then exponent; a string is its length and its bytes; a tensor is a version (2), four sizes and the
raw little-endian float32 values. Anything in the file that is not what this network needs is an
:class:`EncoderModelError`.

**The network** (dlib's ``examples/dnn_face_recognition_ex.cpp``)::

    input_rgb_image_sized<150>       (pixel - channel mean) / 256
    con<32,7,7,2,2> affine relu      stride 2, no padding: 150 -> 72
    max_pool<3,3,2,2>                no padding: 72 -> 35
    3 x ares<32>                     35 x 35
    ares_down<64>, 3 x ares<64>      17 x 17
    ares_down<128>, 2 x ares<128>    8 x 8
    ares_down<256>, 2 x ares<256>    4 x 4 (the strided 3 x 3 convolution gives 3 x 3: see below)
    ares_down<256>                   2 x 2
    avg_pool_everything, fc_no_bias<128>

``ares<N>`` is ``relu(x + affine(con3x3(relu(affine(con3x3(x))))))``; ``ares_down<N>`` takes the first
convolution with stride 2 and no padding, and adds ``avg_pool<2,2,2,2>(x)`` instead of ``x``. dlib adds two
tensors of different shapes (``add_prev``) by zero-padding both to the larger size in every dimension, at the
end: the extra channels of the wider one, and, at the 8 -> 4 step, the last row and column of the 3 x 3
convolution output beside the 4 x 4 pooled input. Convolutions with stride 1 are padded to keep the size.
``loss_metric`` returns the last layer's output as it is: no normalisation.

The file holds the trained batch normalisations as per-channel affine transforms (``affine_``: ``x * gamma +
beta``); each is folded into the convolution before it. Tensors are NHWC float32 here: a convolution is one
matrix product of the batch's patches (im2col, a strided view copied once) with the filters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CHIP_SIZE = 150  # the network's input: dlib.get_face_chips(..., size=150, padding=0.25)
CHIP_PADDING = 0.25
DESCRIPTOR_SIZE = 128
# Faces run through the network together: 4-8 is fastest here (the activations stay in cache; 2 ms a face
# slower at 20-32), and a batch of 8 needs ~25 MB at its largest step (the first convolution's patches).
BATCH = 8

# float_details' exponents for the special values
_FLOAT_INF, _FLOAT_NINF, _FLOAT_NAN = 32000, 32001, 32002


class EncoderModelError(ValueError):
    """The model file is missing, truncated, corrupt, or holds a network other than the one this module runs."""


# ---------------------------------------------------------------------------------------------------------------
# The network, as a list of layers from the outermost (the fully connected layer) to the innermost (the first
# convolution, whose sub-network is the input layer).


@dataclass(frozen=True)
class _Spec:
    kind: str  # con, affine, relu, max_pool, avg_pool, add_prev, fc, tag, skip
    filters: int = 0  # con: number of filters; fc: outputs
    size: int = 0  # con, pools: window (rows = columns); 0 for avg_pool_everything
    stride: int = 1
    tag: int = 0  # tag, skip, add_prev: the tag id

    @property
    def padding(self) -> int:
        # dlib's default: stride 1 keeps the size (size // 2), any other stride has no padding
        return self.size // 2 if self.stride == 1 else 0


def _block(filters: int, stride: int) -> list[_Spec]:
    """affine<con<N,3,3,1,1,relu<affine<con<N,3,3,stride,stride, ...>>>>>, outermost first."""
    return [_Spec("affine"), _Spec("con", filters, 3, 1), _Spec("relu"), _Spec("affine"),
            _Spec("con", filters, 3, stride)]


def _ares(filters: int) -> list[_Spec]:
    return [_Spec("relu"), _Spec("add_prev", tag=1), *_block(filters, 1), _Spec("tag", tag=1)]


def _ares_down(filters: int) -> list[_Spec]:
    return [_Spec("relu"), _Spec("add_prev", tag=2), _Spec("avg_pool", size=2, stride=2), _Spec("skip", tag=1),
            _Spec("tag", tag=2), *_block(filters, 2), _Spec("tag", tag=1)]


def _network() -> list[_Spec]:
    layers = [_Spec("fc", DESCRIPTOR_SIZE), _Spec("avg_pool", size=0, stride=1)]
    layers += _ares_down(256)  # level 0
    layers += _ares(256) + _ares(256) + _ares_down(256)  # level 1
    layers += _ares(128) + _ares(128) + _ares_down(128)  # level 2
    layers += _ares(64) + _ares(64) + _ares(64) + _ares_down(64)  # level 3
    layers += _ares(32) + _ares(32) + _ares(32)  # level 4
    layers += [_Spec("max_pool", size=3, stride=2), _Spec("relu"), _Spec("affine"), _Spec("con", 32, 7, 2)]
    return layers


NETWORK = _network()


# ---------------------------------------------------------------------------------------------------------------
# Reading dlib's serialization


class _Reader:
    def __init__(self, data: bytes, name: str):
        self.data = data
        self.pos = 0
        self.name = name

    def fail(self, what: str) -> EncoderModelError:
        return EncoderModelError(f"{self.name}: {what} (at byte {self.pos} of {len(self.data)})")

    def skip(self, count: int) -> int:
        """Move past ``count`` bytes; returns where they start."""
        if self.pos + count > len(self.data):
            raise self.fail("the file ends early: truncated")
        start, self.pos = self.pos, self.pos + count
        return start

    def take(self, count: int) -> bytes:
        start = self.skip(count)
        return self.data[start:self.pos]

    def integer(self) -> int:
        control = self.take(1)[0]
        size = control & 0x0F
        if size == 0 or size > 8 or control & 0x70:
            raise self.fail(f"not an integer (control byte {control:#04x})")
        value = int.from_bytes(self.take(size), "little")
        return -value if control & 0x80 else value

    def boolean(self) -> bool:
        byte = self.take(1)
        if byte not in (b"0", b"1"):
            raise self.fail("not a bool")
        return byte == b"1"

    def real(self) -> float:
        """dlib's float_details: mantissa * 2 ** exponent, or the special values."""
        if self.pos < len(self.data) and self.data[self.pos] & 0x70:
            raise self.fail("a float in dlib's old text format")
        mantissa = self.integer()
        exponent = self.integer()
        if exponent == _FLOAT_INF:
            return math.inf
        if exponent == _FLOAT_NINF:
            return -math.inf
        if exponent == _FLOAT_NAN:
            return math.nan
        return math.ldexp(mantissa, exponent)

    def string(self) -> str:
        length = self.integer()
        if not 0 <= length <= 64:
            raise self.fail(f"not a layer name (length {length})")
        return self.take(length).decode("ascii", errors="replace")

    def version(self, what: str, allowed: Sequence[int]) -> int:
        version = self.integer()
        if version not in allowed:
            raise self.fail(f"unexpected version {version} of {what}")
        return version

    def tensor(self) -> np.ndarray:
        """A resizable_tensor: version 2, sizes, float32 values (little-endian); returned flat."""
        self.version("a tensor", (2,))
        shape = [self.integer() for _ in range(4)]
        if any(n < 0 for n in shape):
            raise self.fail(f"a tensor of negative size {shape}")
        count = math.prod(shape)
        start = self.skip(4 * count)
        return np.frombuffer(self.data, dtype="<f4", count=count, offset=start)

    def alias_tensor(self) -> tuple[int, int, int, int]:
        self.version("an alias tensor", (1,))
        n, k, nr, nc = (self.integer() for _ in range(4))
        return n, k, nr, nc

    def expect_name(self, allowed: Sequence[str], where: str) -> str:
        name = self.string()
        if name not in allowed:
            raise self.fail(f"found layer {name!r} where the network has {where}")
        return name


@dataclass
class _Layer:
    """One layer as read: what it is, and its parameters (dlib's layouts)."""

    spec: _Spec
    weights: np.ndarray | None = None  # con: (filters, channels, rows, columns); fc: (inputs, outputs)
    bias: np.ndarray | None = None  # con: (filters,)
    gamma: np.ndarray | None = None  # affine: per channel
    beta: np.ndarray | None = None
    relu: bool = False  # con_6 can fuse a relu
    disabled: bool = False  # affine_2 and relu_2 can be disabled (then they pass the input through)


def _read_con(r: _Reader, spec: _Spec) -> _Layer:
    name = r.expect_name(("con_4", "con_5", "con_6"), f"con<{spec.filters},{spec.size},{spec.size}>")
    params = r.tensor()
    filters = r.integer()
    nr, nc, stride_y, stride_x, pad_y, pad_x = (r.integer() for _ in range(6))
    shape = r.alias_tensor()
    bias_shape = r.alias_tensor()
    for _ in range(4):  # learning-rate and weight-decay multipliers
        r.real()
    use_bias = r.boolean() if name in ("con_5", "con_6") else True
    use_relu = r.boolean() if name == "con_6" else False
    expected = (spec.filters, spec.size, spec.size, spec.stride, spec.stride, spec.padding, spec.padding)
    if (filters, nr, nc, stride_y, stride_x, pad_y, pad_x) != expected:
        raise r.fail(f"a convolution {(filters, nr, nc, stride_y, stride_x, pad_y, pad_x)} where the network has "
                     f"{expected}")
    if shape[0] != filters or shape[2:] != (nr, nc) or shape[1] <= 0:
        raise r.fail(f"convolution filters of shape {shape}")
    count = math.prod(shape)
    if params.size != count + (filters if use_bias else 0) or (use_bias and bias_shape[:2] != (1, filters)):
        raise r.fail(f"convolution parameters of size {params.size} for filters {shape}")
    weights = params[:count].reshape(shape)
    bias = params[count:count + filters] if use_bias else np.zeros(filters, np.float32)
    return _Layer(spec, weights=weights, bias=bias, relu=use_relu)


def _read_affine(r: _Reader, spec: _Spec) -> _Layer:
    # The shipped file holds affine_ layers (dlib converted the trained bn_con layers when it saved the model).
    name = r.expect_name(("affine_", "affine_2"), "an affine layer")
    params = r.tensor()
    gamma_shape, beta_shape = r.alias_tensor(), r.alias_tensor()
    mode = r.integer()
    disabled = r.boolean() if name == "affine_2" else False
    if disabled:
        return _Layer(spec, disabled=True)
    k = gamma_shape[1]
    if mode != 0 or gamma_shape != (1, k, 1, 1) or beta_shape != gamma_shape or params.size != 2 * k:
        raise r.fail(f"an affine layer of mode {mode} and shape {gamma_shape} (a per-channel one expected)")
    return _Layer(spec, gamma=params[:k].copy(), beta=params[k:].copy())


def _read_relu(r: _Reader, spec: _Spec) -> _Layer:
    name = r.expect_name(("relu_", "relu_2"), "relu")
    return _Layer(spec, disabled=r.boolean() if name == "relu_2" else False)


def _read_pool(r: _Reader, spec: _Spec) -> _Layer:
    name = "max_pool_2" if spec.kind == "max_pool" else "avg_pool_2"
    r.expect_name((name,), name)
    found = tuple(r.integer() for _ in range(6))
    expected = (spec.size, spec.size, spec.stride, spec.stride, spec.padding, spec.padding)
    if found != expected:
        raise r.fail(f"a pooling layer {found} where the network has {expected}")
    return _Layer(spec)


def _read_add_prev(r: _Reader, spec: _Spec) -> _Layer:
    r.expect_name(("add_prev_",), f"add_prev{spec.tag}")
    return _Layer(spec)


def _read_fc(r: _Reader, spec: _Spec) -> _Layer:
    name = r.expect_name(("fc_2", "fc_3"), f"fc_no_bias<{spec.filters}>")
    outputs, inputs = r.integer(), r.integer()
    params = r.tensor()
    weights_shape = r.alias_tensor()
    r.alias_tensor()  # biases: none in fc_no_bias
    bias_mode = r.integer()
    for _ in range(4):
        r.real()
    if name == "fc_3":
        r.boolean()  # use_bias: fc_no_bias has none either way
    if outputs != spec.filters or bias_mode != 1 or weights_shape[:2] != (inputs, outputs) \
            or params.size != inputs * outputs:
        raise r.fail(f"a fully connected layer {inputs} -> {outputs} (bias mode {bias_mode}) where the network "
                     f"has fc_no_bias<{spec.filters}>")
    return _Layer(spec, weights=params.reshape(inputs, outputs))


_READERS = {"con": _read_con, "affine": _read_affine, "relu": _read_relu, "max_pool": _read_pool,
            "avg_pool": _read_pool, "add_prev": _read_add_prev, "fc": _read_fc}


def _read_layer_state(r: _Reader, innermost: bool, version: int) -> None:
    """What add_layer stores after the layer's details: flags and training buffers (unused here)."""
    for _ in range(3):
        r.boolean()
    r.tensor()  # x_grad
    r.tensor()  # cached_output
    if innermost:
        r.tensor()  # grad_final
        if version >= 3:
            r.integer()  # sample expansion factor
    elif version == 2:
        r.tensor()  # params_grad


@dataclass(frozen=True)
class _Input:
    mean_rgb: np.ndarray  # float32 (3,)
    size: int


def read_model(path: str | Path) -> tuple[_Input, list[_Layer]]:
    """Parse the model file: the input layer and the layers from the innermost (first applied) outwards."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EncoderModelError(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    r = _Reader(data, path.name)
    r.version("the loss layer", (1,))
    loss = r.expect_name(("loss_metric_", "loss_metric_2"), "loss_metric")
    if loss == "loss_metric_2":
        r.real()  # margin
        r.real()  # distance threshold
    versions = []
    for index, spec in enumerate(NETWORK):
        innermost = index == len(NETWORK) - 1
        if spec.kind in ("tag", "skip"):
            versions.append(r.version(f"{spec.kind}{spec.tag}", (1,)))
        else:
            versions.append(r.version(f"the {spec.kind} layer", (2, 3) if innermost else (1, 2)))
    r.expect_name(("input_rgb_image_sized",), "input_rgb_image_sized")
    mean = np.array([r.real() for _ in range(3)], dtype=np.float32)
    rows, columns = r.integer(), r.integer()
    if (rows, columns) != (CHIP_SIZE, CHIP_SIZE):
        raise r.fail(f"an input of {rows} x {columns} (the network takes {CHIP_SIZE} x {CHIP_SIZE})")
    layers: list[_Layer] = []
    for index in range(len(NETWORK) - 1, -1, -1):
        spec = NETWORK[index]
        if spec.kind in ("tag", "skip"):
            layers.append(_Layer(spec))
            continue
        layers.append(_READERS[spec.kind](r, spec))
        _read_layer_state(r, index == len(NETWORK) - 1, versions[index])
    if r.pos != len(data):
        raise r.fail("more data after the network")
    for layer in layers:
        for array in (layer.weights, layer.bias, layer.gamma, layer.beta):
            if array is not None and not np.all(np.isfinite(array)):
                raise EncoderModelError(f"{path.name}: a {layer.spec.kind} layer has values that are not finite")
    return _Input(mean, rows), layers


# ---------------------------------------------------------------------------------------------------------------
# The forward pass


@dataclass(frozen=True)
class _Op:
    kind: str  # conv, max_pool, avg_pool, mean, tag, skip, add_prev, relu, fc
    matrix: np.ndarray | None = None  # conv: (rows*columns*channels, filters); fc: (inputs, outputs)
    bias: np.ndarray | None = None
    size: int = 0
    stride: int = 1
    padding: int = 0
    relu: bool = False  # conv: a relu follows
    tag: int = 0


def _compile(layers: list[_Layer]) -> list[_Op]:
    """The layers as operations: each affine folded into the convolution before it, a relu after a convolution
    fused into it, the filters laid out for NHWC patches."""
    ops: list[_Op] = []
    i = 0
    while i < len(layers):
        layer, spec = layers[i], layers[i].spec
        i += 1
        if spec.kind == "con":
            assert layer.weights is not None and layer.bias is not None
            weights = layer.weights.astype(np.float32)
            bias = layer.bias.astype(np.float32)
            relu = layer.relu
            if not relu and i < len(layers) and layers[i].spec.kind == "affine":
                affine = layers[i]
                i += 1
                if not affine.disabled:
                    assert affine.gamma is not None and affine.beta is not None
                    weights = weights * affine.gamma[:, None, None, None]
                    bias = bias * affine.gamma + affine.beta
            if not relu and i < len(layers) and layers[i].spec.kind == "relu":
                relu = not layers[i].disabled
                i += 1
            filters, channels, rows, columns = weights.shape
            # patches are laid out (row, column, channel): the filters likewise
            matrix = np.ascontiguousarray(weights.transpose(2, 3, 1, 0).reshape(rows * columns * channels, filters))
            ops.append(_Op("conv", matrix, np.ascontiguousarray(bias), spec.size, spec.stride, spec.padding, relu))
        elif spec.kind == "affine":
            raise EncoderModelError("an affine layer that does not follow a convolution")
        elif spec.kind == "relu":
            if not layer.disabled:
                ops.append(_Op("relu"))
        elif spec.kind in ("max_pool", "avg_pool"):
            kind = "mean" if spec.size == 0 else spec.kind
            ops.append(_Op(kind, size=spec.size, stride=spec.stride, padding=spec.padding))
        elif spec.kind == "fc":
            assert layer.weights is not None
            ops.append(_Op("fc", np.array(layer.weights, dtype=np.float32)))  # a copy: the file's bytes go
        else:  # tag, skip, add_prev
            ops.append(_Op(spec.kind, tag=spec.tag))
    return ops


def _conv(x: np.ndarray, op: _Op) -> np.ndarray:
    """A convolution (cross-correlation, as dlib's) of NHWC ``x``: the patches of the whole batch as one matrix
    (im2col), times the filters."""
    assert op.matrix is not None and op.bias is not None
    n, height, width, channels = x.shape
    k, s, p = op.size, op.stride, op.padding
    if p:
        padded = np.zeros((n, height + 2 * p, width + 2 * p, channels), np.float32)
        padded[:, p:p + height, p:p + width] = x
        x = padded
    out_h = 1 + (height + 2 * p - k) // s
    out_w = 1 + (width + 2 * p - k) // s
    if k == 1 and s == 1:
        cols = x.reshape(n * out_h * out_w, channels)
    else:
        # In NHWC, one row of a patch (k columns of all channels) is k * channels contiguous floats: the
        # patches are a strided view of x (no copy), made contiguous by one copy.
        x = np.ascontiguousarray(x)
        sn, sh, sw, sc = x.strides
        patches = np.lib.stride_tricks.as_strided(
            x, shape=(n, out_h, out_w, k, k * channels), strides=(sn, s * sh, s * sw, sh, sc), writeable=False)
        cols = patches.reshape(n * out_h * out_w, k * k * channels)
    out = cols @ op.matrix
    out += op.bias
    if op.relu:
        np.maximum(out, 0, out=out)
    return out.reshape(n, out_h, out_w, -1)


def _pool(x: np.ndarray, op: _Op) -> np.ndarray:
    """Max or average pooling without padding (the only kind this network has)."""
    n, height, width, channels = x.shape
    k, s = op.size, op.stride
    out_h, out_w = 1 + (height - k) // s, 1 + (width - k) // s
    windows = [x[:, dy:dy + s * (out_h - 1) + 1:s, dx:dx + s * (out_w - 1) + 1:s]
               for dy in range(k) for dx in range(k)]
    out = windows[0].copy()
    for window in windows[1:]:
        if op.kind == "max_pool":
            np.maximum(out, window, out=out)
        else:
            out += window
    if op.kind == "avg_pool":
        out /= np.float32(k * k)
    return out


def _add_padded(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """dlib's add_prev: the sum of two tensors, each zero-padded at the end of every dimension to the larger."""
    if a.shape == b.shape:
        return a + b
    shape = tuple(max(i, j) for i, j in zip(a.shape, b.shape, strict=True))
    out = np.zeros(shape, np.float32)
    out[tuple(slice(0, i) for i in a.shape)] += a
    out[tuple(slice(0, i) for i in b.shape)] += b
    return out


class FaceNet:
    """The network, loaded once: :meth:`describe` turns 150 x 150 RGB face chips into 128-d descriptors.

    Loading checks the result on :func:`reference_chip` against the descriptor dlib's own encoder gives it with
    the shipped model file (:data:`REFERENCE_DESCRIPTOR`): a different model file, or a BLAS that computes
    wrongly on this processor, is an :class:`EncoderModelError` (the engine then encodes with dlib)."""

    def __init__(self, path: str | Path, verify: bool = True):
        self.input, layers = read_model(path)
        self.ops = _compile(layers)
        if verify:
            off = float(np.abs(self.describe([reference_chip()])[0] - np.asarray(REFERENCE_DESCRIPTOR)).max())
            if not off <= REFERENCE_TOLERANCE:
                raise EncoderModelError(f"{Path(path).name}: the reference chip's descriptor is off dlib's by {off:.2g}"
                                        " (a different model file, or wrong arithmetic)")

    def describe(self, chips: Sequence[np.ndarray] | np.ndarray, batch: int = BATCH) -> np.ndarray:
        """Descriptors (float64, ``(len(chips), 128)``) of uint8 RGB chips as ``dlib.get_face_chips`` makes them
        (150 x 150, padding 0.25): the values dlib's ``compute_face_descriptor`` returns, to float32 rounding."""
        if len(chips) == 0:
            return np.zeros((0, DESCRIPTOR_SIZE), np.float64)
        images = np.stack([np.asarray(chip) for chip in chips]) if not isinstance(chips, np.ndarray) else chips
        size = self.input.size
        if images.dtype != np.uint8 or images.shape[1:] != (size, size, 3):
            raise ValueError(f"face chips must be uint8 RGB {size} x {size}, got {images.dtype} {images.shape}")
        return np.concatenate([self._forward(images[i:i + batch]) for i in range(0, len(images), batch)])

    def _forward(self, images: np.ndarray) -> np.ndarray:
        # input_rgb_image_sized: (pixel - channel mean) / 256, in float32
        x = (images.astype(np.float32) - self.input.mean_rgb) / np.float32(256)
        tags: dict[int, np.ndarray] = {}
        for op in self.ops:
            if op.kind == "conv":
                x = _conv(x, op)
            elif op.kind == "relu":
                x = np.maximum(x, 0)
            elif op.kind == "tag":
                tags[op.tag] = x
            elif op.kind == "skip":
                x = tags[op.tag]
            elif op.kind == "add_prev":
                x = _add_padded(x, tags[op.tag])
            elif op.kind in ("max_pool", "avg_pool"):
                x = _pool(x, op)
            elif op.kind == "mean":
                x = x.mean(axis=(1, 2), dtype=np.float32, keepdims=True)
            else:  # fc: dlib flattens (channel, row, column)
                assert op.matrix is not None
                x = np.ascontiguousarray(x.transpose(0, 3, 1, 2)).reshape(len(x), -1) @ op.matrix
        return x.astype(np.float64)


# ---------------------------------------------------------------------------------------------------------------
# The load-time check


def reference_chip() -> np.ndarray:
    """A fixed 150 x 150 RGB pattern (no face; every layer sees varied values) for the load-time check."""
    y, x = np.mgrid[0:CHIP_SIZE, 0:CHIP_SIZE]
    red = (x * 3 + y * 5) % 256
    green = ((x - 75) ** 2 + (y - 60) ** 2) // 23 % 256
    blue = (x * y) % 251
    return np.stack([red, green, blue], axis=-1).astype(np.uint8)


# What dlib 20.0.1's face_recognition_model_v1(...).compute_face_descriptor(reference_chip(), 1) returns with
# face_recognition_models 0.3.0's dlib_face_recognition_resnet_model_v1.dat (float32 values; this module's own
# result is within 2e-7 of them). tests/unit/faces/test_resnet.py checks them against dlib.
REFERENCE_TOLERANCE = 1e-4
REFERENCE_DESCRIPTOR = (
    -0.082020804, 0.10015534, 0.030469123, -0.07293873, -0.06964259, -0.07642226, -0.008580692, 0.010250097,
    0.10242721, 0.012769584, 0.22369906, -0.019775629, -0.28516194, -0.07410561, 0.017581958, 0.054108623,
    -0.10045242, -0.05624134, -0.17574897, -0.14032575, 0.05545574, 0.024250885, -0.029422982, 0.0056614703,
    -0.106177226, -0.24809337, -0.05337057, -0.08827081, 0.061911665, -0.15887159, 0.022022307, 0.03810596,
    -0.14639394, -0.091798015, -0.017951839, 0.004815325, -0.018396843, -0.11965391, 0.10860633, -0.04901953,
    -0.13301067, -0.07549618, 0.019439407, 0.25411886, 0.19723083, 0.00070684915, 0.011634938, -0.050771665,
    0.06632045, -0.27575827, 0.02334468, 0.16068164, 0.037051644, 0.1117112, 0.08694029, -0.11570712,
    0.051369905, 0.10571187, -0.16513482, 0.012301951, 0.017128896, -0.13400589, -0.060548868, -0.16855745,
    0.16986148, 0.060732514, -0.0836427, -0.122334495, 0.12955973, -0.14109634, -0.0542356, 0.109141305,
    -0.09964198, -0.14479825, -0.23612973, 0.08470819, 0.3703287, 0.20099014, -0.14723401, 0.041491523,
    -0.15703304, -0.06697301, 0.024116363, -0.002620117, -0.04209866, -0.032586753, -0.10136856, 0.09594644,
    0.1982905, -0.08610673, 0.0022825066, 0.17011139, -0.009524375, -0.011879023, 0.0010403874, 0.032152824,
    -0.11375512, 0.030963883, -0.015972974, 0.012873651, 0.1630643, -0.16855092, 0.01749788, 0.08536767,
    -0.13702829, 0.14888501, 0.037495356, 0.002286462, 0.04542496, -0.06305722, -0.0023206351, -0.0256195,
    0.18030521, -0.2156639, 0.23505667, 0.18049084, 0.052255146, 0.12609953, -0.015870858, 0.10567424,
    -0.046652593, -0.067760915, -0.12638593, -0.06615779, 0.017316207, 0.012284539, -0.0059402604, 0.015983447
)
