# A container image with the single `pipeline` binary.
#   docker build -t pipeline .
#   docker run --rm -v "$PWD:/work" -w /work pipeline run pipelines/brief.yaml incoming/
# The build stage runs scripts/release.sh, the same script that makes the release archive, so the
# image holds exactly the archive's binary (Swift runtime linked in, data embedded); the run stage
# is a slim Debian with the two libraries it links dynamically besides glibc (SQLite, libcurl).
# Not built in this project's CI: its machines have no container engine or image registry.
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev libcurl4-openssl-dev python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/release.sh --output /out && mkdir /dist && tar -xzf /out/pipeline-*.tar.gz -C /dist --strip-components=1

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-0 libcurl4 ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 pipeline
COPY --from=build /dist/pipeline /usr/local/bin/pipeline
COPY --from=build /dist/pipelines /usr/local/share/pipeline/pipelines
COPY --from=build /dist/LICENSE /dist/NOTICE /usr/local/share/pipeline/
USER pipeline
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/pipeline"]
CMD ["run", "/usr/local/share/pipeline/pipelines/brief.yaml"]
