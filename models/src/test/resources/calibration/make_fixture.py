"""Writes sklearn-fixture.json: scikit-learn's Platt and isotonic calibration of a small fixed array,
the expected values of CalibrationFitTest. Run from the repository root with the bench venv:
    .venv/bin/python models/src/test/resources/calibration/make_fixture.py
(made with scikit-learn 1.9.1, numpy 2.4.6)."""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.calibration import _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression

rng = np.random.default_rng(15)
# 80 raw probabilities on a 0.01 grid (ties), both clamp edges, outcomes more likely at high p
p = np.round(rng.uniform(0, 1, 78) ** 1.5, 2)
p = np.concatenate([p, [0.0, 1.0]])
y = rng.uniform(0, 1, p.size) < 0.1 + 0.8 * p

# Platt: sklearn fits P = 1 / (1 + exp(A f + B)) on f = logit(p) (clamped as Calibration.logit),
# with Platt's targets; Calibration's a, b are -A, -B
q = np.clip(p, 1e-12, 1 - 1e-12)
A, B = _sigmoid_calibration(np.log(q / (1 - q)), y.astype(float))

iso = IsotonicRegression(out_of_bounds="clip").fit(p, y.astype(float))
grid = np.round(np.linspace(-0.05, 1.05, 23), 4)

out = {
    "command": ".venv/bin/python models/src/test/resources/calibration/make_fixture.py",
    "sklearn": sklearn.__version__,
    "p": p.tolist(),
    "y": [bool(v) for v in y],
    "platt": {"a": -A, "b": -B},
    "isotonic": {"boundaries": iso.X_thresholds_.tolist(), "predictions": iso.y_thresholds_.tolist(),
                 "grid": grid.tolist(), "predicted": iso.predict(grid).tolist()},
}
path = pathlib.Path(__file__).with_name("sklearn-fixture.json")
path.write_text(json.dumps(out, indent=1) + "\n")
