FROM alpine:3.20 AS build
USER app
RUN make

FROM scratch
COPY --from=build /out /
