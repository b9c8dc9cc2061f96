"""One synthesis phase: L-BFGS-B over a smoothed change to the pixels, re-matching patches every few evaluations."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import tensorflow as tf
from scipy.optimize import minimize

from texturegen.synthesis import shapes
from texturegen.synthesis.change import SmoothChange
from texturegen.synthesis.neural import losses
from texturegen.synthesis.neural.network import FeatureNet
from texturegen.synthesis.neural.patches import (
    Guides,
    chunk_sizes,
    extract,
    guide_patches,
    match,
    normalise,
    pooled,
)
from texturegen.synthesis.problem import Problem
from texturegen.synthesis.settings import SynthesisSettings

# Internal calibration: with these, weights of 1 balance patch likeness against seed keeping.
CONTENT_SCALE = 3200.0
SMOOTH_SCALE = 10.0
RANGE_SCALE = 1e4
"""Weight of the penalty on pixels outside [0, 1]: a soft box that costs nothing inside it."""
CONTENT_SIGMA = 0.5
"""Reach of the content's region means as a share of the texel side: each region's level at this scale is the
seed's; finer structure (the photo's grain and its mid-scale marks) is the synthesis's own."""
STEP_SCALE = 1.0
"""Weight of the edge-step term relative to the region means: both are how content_weight holds the shapes.
Region means alone let an edge soften over a few pixels at little cost; the steps hold it as sharp as the
target's, and only where the target has one."""
GUIDE_WEIGHT = 10.0
"""Weight of the guide distance in the patch matching, against normalised cross-correlation (-1 to 1): a patch
whose guide differs from the output's by 0.1 in every texel loses 0.9, so tone decides between like patterns."""
MAX_REF_PATCHES = 16384
"""Reference patches kept per layer (evenly strided) so large photos cost bounded time."""


@dataclass
class RefBank:
    """Pooled reference patches per layer: raw, unit-length, their mean squared entry and squared lengths."""

    raw: dict[str, tf.Tensor]
    unit: dict[str, tf.Tensor]
    norm: dict[str, tf.Tensor]
    sq_norms: dict[str, np.ndarray]
    guide: dict[str, tf.Tensor] = field(default_factory=dict)
    """Per layer, each patch's 3x3 guide (patches.guide_patches), when the photos have guides."""


@dataclass(frozen=True)
class LossWeights:
    """The weights of the loss terms, scaled by the internal calibration."""

    style: float
    content: float
    smoothness: float

    @classmethod
    def of(cls, settings: SynthesisSettings) -> LossWeights:
        """The weights a settings object asks for."""
        return cls(settings.style_weight, settings.content_weight * CONTENT_SCALE, settings.smoothness * SMOOTH_SCALE)


@dataclass(frozen=True)
class LossConstants:
    """What the loss holds fixed for one problem: the target's region means, the alpha, the region-mean
    operators along rows and columns, the strong-edge step weights and steps, and the loss weights."""

    target_low: tf.Tensor
    alpha: tf.Tensor
    rows: tf.Tensor
    cols: tf.Tensor
    step_weights: tf.Tensor
    target_steps: tf.Tensor
    style_weight: tf.Tensor
    content_weight: tf.Tensor
    smoothness_weight: tf.Tensor

    def __tf_flatten__(self) -> tuple[tuple[()], tuple[tf.Tensor, ...]]:
        """Its tensors in field order, so a compiled function takes it as an argument without retracing."""
        return (), tuple(getattr(self, f.name) for f in dataclasses.fields(self))

    @classmethod
    def __tf_unflatten__(cls, metadata: tuple[()], components: tuple[tf.Tensor, ...]) -> LossConstants:
        """Rebuild it from __tf_flatten__'s tensors."""
        return cls(*components)

    @classmethod
    def of(cls, problem: Problem, settings: SynthesisSettings) -> LossConstants:
        """The constants of one problem under the given settings."""
        sigma = max(CONTENT_SIGMA * problem.factor, 0.5)
        rows, cols = (
            tf.constant(m) for m in shapes.region_weights(problem.target, sigma, problem.region_range, problem.mode)
        )
        target_low = losses.region_mean(tf.constant(problem.target, tf.float32)[None], rows, cols)[0]
        step_w, target_steps = shapes.step_weights(problem.target, problem.region_range, problem.mode)
        weights = LossWeights.of(settings)
        return cls(
            target_low=target_low,
            alpha=tf.constant(problem.alpha, tf.float32),
            rows=rows,
            cols=cols,
            step_weights=tf.constant(step_w * problem.alpha[..., None]),
            target_steps=tf.constant(target_steps),
            style_weight=tf.constant(weights.style, tf.float32),
            content_weight=tf.constant(weights.content, tf.float32),
            smoothness_weight=tf.constant(weights.smoothness, tf.float32),
        )


@dataclass
class MatchState:
    """The patch matches the loss is currently evaluated against, and what variety remembers of the last ones."""

    targets: list[losses.StyleTarget] | None = None
    history: dict[str, np.ndarray] = field(default_factory=dict)
    since: int = 0

    def due(self, every: int) -> bool:
        """True when the matches must be made (again) before the next evaluation."""
        return self.targets is None or self.since >= every


class _BudgetSpent(Exception):
    """Raised inside the objective when every evaluation of the budget has been spent."""


class Optimizer:
    """Runs the loss and gradient for one network, layer set and padding mode."""

    def __init__(self, net: FeatureNet, layers: tuple[str, ...], mode: str) -> None:
        """Keep the network and compile the evaluation lazily per image shape."""
        self.net, self.layers, self.mode = net, layers, mode
        # XLA fuses the network's pads, convolutions and activations: 0.06 s per evaluation at 128 px
        # instead of 0.13 s (the re-matching between evaluations stays in Python and NumPy).
        self._evaluate = tf.function(self._evaluate_py, jit_compile=True, autograph=False)
        self._features = tf.function(self._features_py, jit_compile=True, autograph=False)

    def _rgb(self, x: tf.Tensor) -> tf.Tensor:
        """Batch an (H, W, c) image and give it three channels."""
        x = x[None]
        return x if x.shape[-1] == 3 else tf.repeat(x, 3, axis=-1)

    def _features_py(self, x: tf.Tensor) -> list[tf.Tensor]:
        """Feature maps of the output at every chosen layer."""
        feats = self.net(self._rgb(x), self.layers, self.mode)
        return [feats[name] for name in self.layers]

    def _evaluate_py(
        self,
        x: tf.Tensor,
        fixed: LossConstants,
        centres: list[tf.Tensor],
        coefs: list[tf.Tensor],
        rests: list[tf.Tensor],
    ) -> tuple[tf.Tensor, tf.Tensor]:
        """Total loss and its gradient with respect to the image, against the current matches."""
        with tf.GradientTape() as tape:
            tape.watch(x)
            feats = self._features_py(x)
            loss = self._loss(x, feats, fixed, centres=centres, coefs=coefs, rests=rests)
        return loss, tape.gradient(loss, x)

    def _loss(
        self,
        x: tf.Tensor,
        feats: list[tf.Tensor],
        fixed: LossConstants,
        centres: list[tf.Tensor],
        coefs: list[tf.Tensor],
        rests: list[tf.Tensor],
    ) -> tf.Tensor:
        """Weighted sum of the patch, content and smoothness terms, and the soft [0, 1] box."""
        style = tf.add_n(
            [losses.style_quadratic(f, losses.StyleTarget(c, k, r)) for f, c, k, r in zip(feats, centres, coefs, rests)]
        )
        xb, alpha = x[None], fixed.alpha[None]
        return (
            fixed.style_weight * style / len(self.layers)
            + fixed.content_weight * losses.content(xb, fixed.target_low[None], alpha, fixed.rows, fixed.cols)
            + fixed.content_weight
            * STEP_SCALE
            * losses.edge_steps(xb, fixed.step_weights[None], fixed.target_steps[None])
            + fixed.smoothness_weight * losses.smoothness(xb, alpha, self.mode)
            + RANGE_SCALE * losses.out_of_range(xb)
        )

    def reference_bank(self, refs: list[np.ndarray], guides: list[np.ndarray] | None = None) -> RefBank:
        """Pool the VALID 3x3 patches of every reference (and of its guide, if given) at every layer, capped."""
        raw: dict[str, list[tf.Tensor]] = {name: [] for name in self.layers}
        tones: dict[str, list[tf.Tensor]] = {name: [] for name in self.layers}
        for i, ref in enumerate(refs):
            img = self._rgb(tf.constant(ref, tf.float32))
            feats = self.net(img, self.layers, "reflect")
            for name in self.layers:
                raw[name].append(extract(feats[name], None))
                if guides is not None:
                    tones[name].append(guide_patches(guides[i], self.net.stride(name), None))
        bank = RefBank({}, {}, {}, {})
        for name in self.layers:
            pooled = tf.concat(raw[name], axis=0)
            tone = tf.concat(tones[name], axis=0) if guides is not None else None
            if pooled.shape[0] > MAX_REF_PATCHES:
                step = int(np.ceil(pooled.shape[0] / MAX_REF_PATCHES))
                pooled = pooled[::step]
                tone = None if tone is None else tone[::step]
            if tone is not None:
                bank.guide[name] = tone
            bank.raw[name] = pooled
            bank.unit[name] = normalise(pooled)
            bank.norm[name] = tf.reduce_mean(tf.square(pooled)) + 1e-8
            bank.sq_norms[name] = _row_sq_norms(pooled.numpy())
        return bank

    def _rematch(
        self,
        feats: list[tf.Tensor],
        bank: RefBank,
        state: MatchState,
        pweights: list[tf.Tensor],
        settings: SynthesisSettings,
        guides: dict[str, tf.Tensor] | None = None,
    ) -> list[losses.StyleTarget]:
        """Match every output patch to its best reference patch (variety penalises last time's favourites)."""
        matched = []
        for name, feat, pw in zip(self.layers, feats, pweights):
            p = extract(feat, self.mode)
            prev = state.history.get(name)
            penalty = None if prev is None or settings.variety == 0 else settings.variety * prev
            tones = None
            if name in bank.guide and guides is not None:
                tones = Guides(guides[name], bank.guide[name], GUIDE_WEIGHT)
            arrays = 2 if tones is None else 3
            n_chunk, m_chunk = chunk_sizes(int(p.shape[0]), int(bank.unit[name].shape[0]), settings.memory_mb, arrays)
            found = match(normalise(p), bank.unit[name], penalty, (n_chunk, m_chunk), tones)
            state.history[name] = found.history
            matched.append(
                losses.style_target(
                    tf.gather(bank.raw[name], found.index),
                    bank.sq_norms[name][found.index],
                    pw,
                    bank.norm[name],
                    shape=tuple(feat.shape),
                    mode=self.mode,
                )
            )
        return matched

    def run(
        self,
        problem: Problem,
        bank: RefBank,
        init: np.ndarray,
        settings: SynthesisSettings,
        progress: Callable[[int, float], None] | None = None,
    ) -> np.ndarray:
        """Optimise the image from `init` for settings.iterations evaluations; return it in [0, 1].

        The variable is a change to `init` seen through SmoothChange's filter (no stride pattern can grow).
        """
        guides = None
        if problem.guide is not None:
            guides = {name: guide_patches(problem.guide, self.net.stride(name), self.mode) for name in self.layers}
        objective = _Objective(
            opt=self,
            bank=bank,
            settings=settings,
            fixed=LossConstants.of(problem, settings),
            pweights=self._patch_weights(problem.alpha),
            guides=guides,
            change=SmoothChange(init, problem.mode),
            progress=progress,
        )
        x = np.zeros(init.size)
        # Re-matching changes the objective under L-BFGS-B, which then reports convergence early (after
        # 7 of 100 evaluations when every evaluation re-matches). Each such stop starts a new round from
        # where it stopped, with fresh matches, until the evaluation budget is spent.
        # When the budget runs out inside a line search, the round ends at the lowest loss evaluated since
        # the last re-match (the same objective), instead of finishing the search past the budget.
        # No `bounds`: SciPy checks them in a Python loop per pixel; the loss's soft box keeps [0, 1].
        while settings.iterations - objective.evals >= 2:
            left = settings.iterations - objective.evals
            try:
                x = minimize(
                    objective,
                    x,
                    jac=True,
                    method="L-BFGS-B",
                    options={"maxfun": left, "maxiter": left, "maxcor": 8, "ftol": 0.0, "gtol": 0.0},
                ).x
            except _BudgetSpent:
                assert objective.best[1] is not None  # the budget ran out after at least one evaluation
                x = objective.best[1]
            objective.state.targets = None
        return np.clip(objective.change.image(x), 0, 1).astype(np.float32)

    def _patch_weights(self, alpha: np.ndarray) -> list[tf.Tensor]:
        """Per-patch weights: the opaque fraction of each layer texel (transparent texels do not steer)."""
        return [tf.constant(pooled(alpha[..., 0], self.net.stride(name)).ravel(), tf.float32) for name in self.layers]


@dataclass
class _Objective:
    """The loss and gradient L-BFGS-B calls, re-matching patches when due, counting evaluations against the budget
    and keeping the lowest loss since the last re-match."""

    opt: Optimizer
    bank: RefBank
    settings: SynthesisSettings
    fixed: LossConstants
    pweights: list[tf.Tensor]
    guides: dict[str, tf.Tensor] | None
    change: SmoothChange
    progress: Callable[[int, float], None] | None
    state: MatchState = field(default_factory=MatchState)
    evals: int = 0
    best: tuple[float, np.ndarray | None] = (np.inf, None)

    def __call__(self, delta: np.ndarray) -> tuple[float, np.ndarray]:
        """Loss and gradient at the change `delta`; _BudgetSpent once every evaluation is spent."""
        if self.evals >= self.settings.iterations:
            raise _BudgetSpent
        x = tf.constant(self.change.image(delta), tf.float32)
        state = self.state
        if state.due(self.settings.match_every):
            feats = self.opt._features(x)
            state.targets = self.opt._rematch(
                feats, self.bank, state, self.pweights, settings=self.settings, guides=self.guides
            )
            state.since, self.best = 0, (np.inf, delta)
        m = state.targets
        assert m is not None
        loss, grad = self.opt._evaluate(x, self.fixed, [t.centre for t in m], [t.coef for t in m], [t.rest for t in m])
        if float(loss) < self.best[0]:
            self.best = (float(loss), delta.copy())
        self.evals += 1
        state.since += 1
        if self.progress is not None:
            self.progress(self.evals, float(loss))
        return float(loss), self.change.gradient(grad.numpy().astype(np.float64))


def _row_sq_norms(rows: np.ndarray, block: int = 2048) -> np.ndarray:
    """Each row's squared length in float64, converting a block of rows at a time (bounded memory)."""
    return np.concatenate(
        [np.square(rows[i : i + block].astype(np.float64)).sum(axis=1) for i in range(0, len(rows), block)]
        or [np.zeros(0)]
    )


_OPTIMIZERS: dict[tuple[int, tuple[str, ...], str], Optimizer] = {}


def get_optimizer(net: FeatureNet, layers: tuple[str, ...], mode: str) -> Optimizer:
    """One Optimizer per (network, layers, mode) per process, so tracing happens once."""
    key = (id(net), layers, mode)
    if key not in _OPTIMIZERS:
        _OPTIMIZERS[key] = Optimizer(net, layers, mode)
    return _OPTIMIZERS[key]
