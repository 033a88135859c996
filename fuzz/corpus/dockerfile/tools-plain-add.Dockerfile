FROM alpine:3.20
ADD config.json /etc/app/config.json
USER nobody
HEALTHCHECK CMD ["true"]
