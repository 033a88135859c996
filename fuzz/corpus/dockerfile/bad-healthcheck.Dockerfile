FROM alpine
HEALTHCHECK curl -f http://x
