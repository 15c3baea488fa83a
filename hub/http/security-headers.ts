import helmet from 'helmet';

/**
 * Security headers on every answer (helmet): a Content-Security-Policy that allows only this
 * hub's own scripts, styles, images and sockets, no framing, no MIME sniffing, no referrer leaks.
 * Pages with stricter needs (the kiosk) set their own policy on top.
 */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        // The hub is reached over plain HTTP on the office network and in tests: upgrading would break it.
        upgradeInsecureRequests: null,
      },
    },
    // HSTS belongs to the HTTPS reverse proxy (deploy/nginx), not to a hub also reached over plain HTTP.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'same-origin' },
  });
