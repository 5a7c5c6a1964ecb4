# eventstorm: one binary. The build stage compiles exactly what the README builds
# (`cargo build --release`); the runtime stage holds only that binary (pages and the browser
# client are embedded in it) and runs it as an unprivileged user.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY migrations ./migrations
COPY static ./static
COPY templates ./templates
RUN cargo build --release --locked -p eventstorm-server --bin eventstorm

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /var/lib/eventstorm eventstorm
COPY --from=build /src/target/release/eventstorm /usr/local/bin/eventstorm
USER 10001:10001
WORKDIR /var/lib/eventstorm
# In a container the server must listen on every interface; the binary's own default stays
# loopback.
ENV EVENTSTORM_BIND=0.0.0.0:3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["eventstorm", "healthcheck"]
ENTRYPOINT ["eventstorm"]
CMD ["serve"]
