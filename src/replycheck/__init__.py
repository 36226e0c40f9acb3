"""replycheck：便民专线工单回复草稿检查工具。"""

__version__ = "0.1.0"
