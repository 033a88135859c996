/* Error codes shared by every module. */
#ifndef SW_ERROR_H
#define SW_ERROR_H

/*
 * Functions return 0 on success or one of these negative codes. A detailed
 * message, when there is one, travels in a `struct buf *err` out-parameter up
 * to the layer that reports it.
 */
enum sw_error {
	SW_OK = 0,
	SW_ENOMEM = -1,   /* allocation failed or a size limit was reached */
	SW_EINVAL = -2,   /* invalid argument or input document */
	SW_EIO = -3,      /* reading or writing a file failed */
	SW_ECONNECT = -4, /* a target could not be reached */
	SW_EPROTO = -5,   /* a target answered with something unexpected */
	SW_ENOTFOUND = -6,
	SW_EPERM = -7,    /* permission denied */
	SW_ELIMIT = -8,   /* input exceeded a named limit */
};

/* Returns a static description of an `enum sw_error` value. */
const char *sw_strerror(int code);

#endif
