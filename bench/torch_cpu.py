"""Runs shared/bench/torch_snn_mnist.py with its timer switched to the thread's CPU time, so its
samples/s are per CPU-second (comparable with TrainerBench's *_per_cpu_s on a loaded machine)."""
import os, runpy, sys, time
time.perf_counter = time.thread_time
script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench", "torch_snn_mnist.py")
sys.argv = ["torch_snn_mnist.py"] + sys.argv[1:]
runpy.run_path(script, run_name="__main__")
