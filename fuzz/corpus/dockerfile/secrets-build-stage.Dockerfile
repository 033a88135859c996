FROM alpine:3.20 AS build
ENV GITHUB_TOKEN=ghp_abc123def456
RUN make

FROM alpine:3.20
COPY --from=build /out /
