"""Differential fuzzing against Keras: the evidence a verdict rests on and the triage rules.

`evidence` joins a random corpus, what Keras did (its results file) and the harness's JSON
verdicts into one `Case` per judged case; `rules` names every known mechanism by which Keras
and the reference disagree; `triage` sorts the disagreements of a run into those rules.
"""
