# Sourced (from the repository root) by benchmark scripts that need tasks long enough for a
# steady-state figure: sets MNIST_60K to a data directory whose "test" split is the 60,000 MNIST
# training images (symbolic links under runs/: the training files under the test files' names;
# data/mnist must exist). Figures on it are throughput only: a model trained on MNIST has seen
# some of these images.
MNIST_60K=runs/bench-data/mnist-60k-as-test
mkdir -p "$MNIST_60K"
for f in images-idx3-ubyte labels-idx1-ubyte; do
  ln -sfn "$PWD/data/mnist/train-$f" "$MNIST_60K/train-$f"
  ln -sfn "$PWD/data/mnist/train-$f" "$MNIST_60K/t10k-$f"
done
