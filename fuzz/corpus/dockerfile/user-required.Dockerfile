FROM alpine
USER ${U:?required}
