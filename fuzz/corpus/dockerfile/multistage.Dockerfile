# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended
ARG BASE=debian
ARG BASE_TAG=12-slim

FROM ${BASE}:${BASE_TAG} AS build
user root
HEALTHCHECK --interval=5s CMD ["true"]
RUN apt-get update \
    # a comment inside the instruction

    && apt-get install -y --no-install-recommends gcc \   
    && rm -rf /var/lib/apt/lists/*

FROM debian:12-slim
ARG RUNAS
ARG GID=2000
ENV APP_HOME=/srv/app LEGACY_NOT=pair
ENV GREETING hello world
env QUOTED="a b" SINGLE='$NOT_EXPANDED' REF=$APP_HOME/bin
COPY --from=build /usr/bin/gcc /usr/bin/gcc
RUN ["/bin/sh", "-c", "echo json form"]
RUN <<EOF
set -e
apt-get update
EOF
RUN <<-TABBED cat > /etc/motd
	indented with a tab
	TABBED
COPY <<"LITERAL" /etc/app.conf
home=$APP_HOME
LITERAL
USER ${RUNAS:-app}:${GID}
CMD ["app"]
