FROM alpine:3.20 AS base
RUN adduser -D -u 10001 app
USER 10001
HEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1

FROM base AS test
USER root
RUN make test

from BASE as Final
copy app /app
