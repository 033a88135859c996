FROM alpine
USER app other
