package io.jbuild.cli.template;

/** A template that does not parse, or fails on the data it is given; the message is Go's form. */
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TemplateException(String message) {
        super(message);
    }

    static TemplateException at(TemplateNode.Pos pos, String message) {
        return new TemplateException("template: :" + pos + ": " + message);
    }
}
