FROM alpine:3.20
ARG API_TOKEN=tok_live_51HxQ
