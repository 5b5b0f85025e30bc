# hlint in a container: `docker build -t hlint .` then
# `docker run --rm -v "$PWD:/src" -w /src hlint .`; also the image of the
# `hlint-docker` pre-commit hook. Two stages: the build stage has the
# compilers and -dev packages, the final image only the Debian package built
# by CPack and the runtime libraries it depends on.
FROM debian:bookworm-slim AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      cmake ninja-build g++ pkg-config file dpkg-dev libpugixml-dev libtidy-dev libcli11-dev libfmt-dev \
      libcurl4-openssl-dev libyaml-cpp-dev libyaml-dev nlohmann-json3-dev libuchardet-dev libmimalloc-dev libsqlite3-dev \
      libgit2-dev libunistring-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /hlint
COPY CMakeLists.txt ./
COPY cmake cmake
COPY src src
COPY checks checks
COPY bench bench
COPY docs docs
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DHLINT_BUILD_TESTS=OFF \
 && cmake --build build --target hlint \
 && cd build && cpack -B /package

FROM debian:bookworm-slim
COPY --from=build /package/hlint_*_amd64.deb /tmp/
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/hlint_*_amd64.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/hlint_*_amd64.deb \
 && hlint --version
WORKDIR /src
ENTRYPOINT ["hlint"]
