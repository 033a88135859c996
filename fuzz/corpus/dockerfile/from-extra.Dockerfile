FROM alpine AS a extra
