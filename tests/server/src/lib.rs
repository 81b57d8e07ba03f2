//! End-to-end tests of the Admin API HTTP service over loopback (see tests/).
