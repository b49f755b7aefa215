import os

# `make unit` sets MIXTURE_BOOK_OFFLINE=1 and puts tools/build/offline on PYTHONPATH, so the
# test runner's sitecustomize has installed the network guard; this installs it when pytest
# is started some other way with MIXTURE_BOOK_OFFLINE=1
if os.environ.get("MIXTURE_BOOK_OFFLINE") == "1":
    from tools.build.offline.sitecustomize import block_network

    block_network()
