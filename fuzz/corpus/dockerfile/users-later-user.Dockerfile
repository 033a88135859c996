FROM alpine:3.20 AS build
USER root
RUN make

FROM build
USER app
