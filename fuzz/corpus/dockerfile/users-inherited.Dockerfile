FROM alpine:3.20 AS base
USER app

FROM base AS final
RUN true
