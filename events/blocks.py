"""StreamField blocks for the body of home and event pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "events/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("title"))
    images = blocks.ListBlock(ImageBlock(label=_("image")), min_num=1, label=_("images"))

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "events/blocks/gallery.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(required=False, label=_("attribution"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "events/blocks/quote.html"


class SpeakersBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("title"))
    speakers = blocks.ListBlock(SnippetChooserBlock("events.Speaker"), min_num=1, label=_("speakers"))

    class Meta:
        icon = "group"
        label = _("Speakers")
        template = "events/blocks/speakers.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("video address"))
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "events/blocks/video.html"


class DocumentsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("title"))
    documents = blocks.ListBlock(DocumentChooserBlock(), min_num=1, label=_("documents"))

    class Meta:
        icon = "doc-full"
        label = _("Documents")
        template = "events/blocks/documents.html"


class BodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"],
        label=_("Text"),
        template="events/blocks/rich_text.html",
    )
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    speakers = SpeakersBlock()
    video = VideoBlock()
    documents = DocumentsBlock()
