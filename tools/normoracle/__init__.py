"""normoracle: an independent, exact checker of the golden corpus (used by tools/oracle).

It shares no code with the Swift reference and does no floating-point reduction: moments
are exact rationals (exact.py), the call formula is evaluated to ~200 digits (calls.py),
the layer's axis and shape rules are modelled in layer.py, the file is read in corpus.py
and each case is replayed in replay.py. Dtype policies (SEMANTICS section 8): policy.py names
what is rounded where, dtypes.py rounds exact values to float16/bfloat16/float32, and
halfcall.py evaluates the call exactly under a float16/bfloat16 compute dtype.
Clause ids refer to shared/spec/SEMANTICS.md.
"""
