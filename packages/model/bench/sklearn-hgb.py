#!/usr/bin/env python3
"""Fit time of scikit-learn's HistGradientBoostingClassifier on our training set, for
comparison with train.bench.ts (benchmark helper only; nothing in the product runs Python).

  sudo apt-get install python3-sklearn        # Debian's package; no PyPI
  OMP_NUM_THREADS=2 /usr/bin/python3 bench/sklearn-hgb.py <training_set.csv>

Same rows (the first 80 % of the distinct as_of_dates), features (categoricals as their
code in the sorted vocabulary, missing numerics 0, as our trainer sees them) and settings
(250 rounds, no early stopping, learning rate 0.08, 31 leaves, depth 6, 20 rows a leaf,
255 bins, balanced class weights). Prints fit seconds (best of --runs) and test pr_auc/roc_auc.
"""
import argparse
import csv
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, roc_auc_score

KEY = {"user_id", "as_of_date", "signup_date", "churn_label", "engagement_score"}

parser = argparse.ArgumentParser()
parser.add_argument("training_set")
parser.add_argument("--runs", type=int, default=1)
args = parser.parse_args()

with open(args.training_set, newline="") as handle:
    rows = list(csv.reader(handle))
header, body = rows[0], rows[1:]
features = [name for name in header if name not in KEY]
columns = {name: [row[i] for row in body] for i, name in enumerate(header)}


def as_number(text):
    return float(text) if text != "" else 0.0


matrix = []
for name in features:
    values = columns[name]
    try:
        matrix.append([as_number(v) for v in values])
    except ValueError:  # a categorical column: code = index in the sorted vocabulary
        vocabulary = {v: i for i, v in enumerate(sorted(set(values)))}
        matrix.append([float(vocabulary[v]) for v in values])
X = np.asarray(matrix, dtype=np.float32).T
y = np.asarray([int(v) for v in columns["churn_label"]])
dates = np.asarray(columns["as_of_date"])
distinct = sorted(set(dates))
first_test = distinct[int(len(distinct) * 0.8)]
train, test = dates < first_test, dates >= first_test

best = None
best_cpu = None
for _ in range(args.runs):
    model = HistGradientBoostingClassifier(
        learning_rate=0.08, max_iter=250, max_leaf_nodes=31, max_depth=6,
        min_samples_leaf=20, l2_regularization=0.0, max_bins=255,
        early_stopping=False, class_weight="balanced", random_state=0,
    )
    started = time.perf_counter()
    cpu_started = time.process_time()
    model.fit(X[train], y[train])
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    best = seconds if best is None else min(best, seconds)
    best_cpu = cpu_seconds if best_cpu is None else min(best_cpu, cpu_seconds)
p = model.predict_proba(X[test])[:, 1]
print(
    f"sklearn HistGradientBoostingClassifier: {int(train.sum())} train rows x {X.shape[1]} "
    f"features, {model.n_iter_} rounds, fit {best:.2f} s (cpu {best_cpu:.2f} s; best of {args.runs}), "
    f"pr_auc {average_precision_score(y[test], p):.4f} roc_auc {roc_auc_score(y[test], p):.4f}"
)
